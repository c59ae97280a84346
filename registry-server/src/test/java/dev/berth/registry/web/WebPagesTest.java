package dev.berth.registry.web;

import static org.assertj.core.api.Assertions.assertThat;
import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyInt;
import static org.mockito.ArgumentMatchers.anyString;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.doAnswer;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.berth.oci.Descriptor;
import dev.berth.oci.Digest;
import dev.berth.oci.ImageConfig;
import dev.berth.oci.MediaType;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.access.RepositoryAccess;
import dev.berth.registry.auth.web.RequestFirewall;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.catalog.RepositoryQueries;
import dev.berth.registry.config.GcProperties;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.ErrorCode;
import dev.berth.registry.error.RegistryException;
import dev.berth.registry.files.ImageFileService;
import dev.berth.registry.manifest.ImageDetails;
import dev.berth.registry.manifest.ImageDetailsService;
import dev.berth.registry.manifest.ImageSummary;
import dev.berth.registry.manifest.TagImmutability;
import dev.berth.registry.manifest.TagQueries;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.context.properties.EnableConfigurationProperties;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The UI controllers over mocked services: escaping of stored strings and security headers. */
@WebMvcTest(controllers = {RepositoriesController.class, BrowseController.class})
@Import({
  RequestFirewall.class,
  Formats.class,
  TemplatePaths.class,
  WebModel.class,
  WebSecurityHeaders.class,
  TagImmutability.class,
  WebPagesTest.Properties.class
})
class WebPagesTest {
  /** The registry settings the controllers read, with their defaults. */
  @TestConfiguration
  @EnableConfigurationProperties({RegistryProperties.class, GcProperties.class})
  static class Properties {}

  private static final String XSS = "<script>alert('x')</script>";
  private static final Digest DIGEST = Digest.parse("sha256:" + "ab".repeat(32));
  private static final RepositoryName NAME = new RepositoryName("team/app");

  @Autowired MockMvc mvc;
  @MockitoBean RepositoryQueries repositories;
  @MockitoBean TagQueries tags;
  @MockitoBean ImageDetailsService images;
  @MockitoBean ImageFileService files;
  @MockitoBean RepositoryAccess access;
  @MockitoBean BlobService blobs;

  @BeforeEach
  void everythingVisible() {
    when(access.canPull(anyString())).thenReturn(true);
  }

  @Test
  void hiddenRepository_readsAsUnknown() throws Exception {
    when(access.canPull("team/secret")).thenReturn(false);

    String html =
        mvc.perform(get("/r/team/secret/-/manifests/" + DIGEST))
            .andExpect(status().isNotFound())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);
    assertThat(html).contains("repository unknown: team/secret");
    org.mockito.Mockito.verifyNoInteractions(images, tags, files);
  }

  @Test
  void image_escapesLabelsAnnotationsAndHistoryFromTheImage() throws Exception {
    when(images.details(NAME, DIGEST)).thenReturn(details());

    String html =
        mvc.perform(get("/r/team/app/-/manifests/" + DIGEST))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);

    assertThat(html).doesNotContain(XSS).doesNotContain("<img src=x");
    assertThat(html).contains("&lt;script&gt;alert(&#39;x&#39;)&lt;/script&gt;");
    assertThat(html).contains("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;");
    assertThat(html).contains("RUN echo &lt;b&gt;bold&lt;/b&gt;");
    assertNoInlineCode(html);
  }

  @Test
  void repositories_escapesTheSearchTermItEchoes() throws Exception {
    when(repositories.list(any()))
        .thenReturn(new RepositoryQueries.Listing(List.of(), List.of(), 0, 0, 1));

    String html =
        mvc.perform(get("/").param("q", XSS))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);

    assertThat(html).doesNotContain(XSS);
    assertThat(html).contains("&lt;script&gt;");
    assertNoInlineCode(html);
  }

  @Test
  void pages_carryAStrictContentSecurityPolicy() throws Exception {
    when(repositories.list(any()))
        .thenReturn(
            new RepositoryQueries.Listing(
                List.of(new RepositoryQueries.Row("team/app", 2, Instant.now(), 1234)),
                List.of(),
                1,
                0,
                1));

    mvc.perform(get("/"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Security-Policy", WebSecurityHeaders.POLICY))
        .andExpect(header().string("X-Content-Type-Options", "nosniff"))
        .andExpect(header().string("X-Frame-Options", "DENY"));
    assertThat(WebSecurityHeaders.POLICY)
        .startsWith("default-src 'self';")
        .contains("script-src 'self';", "object-src 'none'", "frame-ancestors 'none'")
        .doesNotContain("unsafe-inline", "unsafe-eval", "*");
  }

  @Test
  void liveSearch_getsOnlyTheResultsFragment() throws Exception {
    when(repositories.list(any()))
        .thenReturn(
            new RepositoryQueries.Listing(
                List.of(new RepositoryQueries.Row("team/app", 2, Instant.now(), 1234)),
                List.of(),
                1,
                0,
                1));

    String html =
        mvc.perform(get("/").param("q", "app").header("X-Requested-With", "fetch"))
            .andExpect(status().isOk())
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);

    assertThat(html).startsWith("<div id=\"results\"").contains("team/app");
    assertThat(html).doesNotContain("<html", "<header");
  }

  @Test
  void unknownRepository_isAnHtml404() throws Exception {
    when(tags.tags(eq(new RepositoryName("nope")), any(), anyInt(), anyInt()))
        .thenThrow(new RegistryException(ErrorCode.NAME_UNKNOWN, "repository unknown: nope"));

    String html =
        mvc.perform(get("/r/nope"))
            .andExpect(status().isNotFound())
            .andExpect(header().string("Content-Security-Policy", WebSecurityHeaders.POLICY))
            .andReturn()
            .getResponse()
            .getContentAsString(StandardCharsets.UTF_8);
    assertThat(html).contains("repository unknown: nope");
  }

  @Test
  void unparseablePath_isA404() throws Exception {
    mvc.perform(get("/r/team/app/-/manifests/not-a-digest")).andExpect(status().isNotFound());
    mvc.perform(get("/r/UPPER")).andExpect(status().isNotFound());
  }

  @Test
  void download_isAnAttachmentThatIsNeverSniffed() throws Exception {
    ImageFileService.FileDownload file =
        new ImageFileService.FileDownload(
            "index.html", 23, NAME, Descriptor.of(MediaType.OCI_LAYER_GZIP, DIGEST, 1), "x");
    when(files.file(NAME, DIGEST, "/srv/index.html")).thenReturn(file);
    doAnswer(
            call -> {
              call.getArgument(1, OutputStream.class)
                  .write("<script>evil()</script>\n".getBytes(StandardCharsets.UTF_8), 0, 23);
              return null;
            })
        .when(files)
        .write(eq(file), any());

    mvc.perform(
            get("/r/team/app/-/manifests/" + DIGEST + "/download").param("path", "/srv/index.html"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", "application/octet-stream"))
        .andExpect(header().string("X-Content-Type-Options", "nosniff"))
        .andExpect(
            header()
                .string(
                    "Content-Disposition",
                    "attachment; filename=\"index.html\"; filename*=UTF-8''index.html"))
        .andExpect(header().string("Content-Length", "23"));
  }

  /** No inline script, no inline event handler, no inline style: all a strict CSP would block. */
  private static void assertNoInlineCode(String html) {
    assertThat(Pattern.compile("<script(?![^>]*\\ssrc=)[^>]*>").matcher(html).find())
        .as("inline <script>")
        .isFalse();
    assertThat(Pattern.compile("\\son[a-z]+=\"", Pattern.CASE_INSENSITIVE).matcher(html).find())
        .as("inline event handler")
        .isFalse();
    assertThat(html).as("inline style").doesNotContain(" style=\"").doesNotContain("<style");
  }

  private static ImageDetails details() {
    ImageConfig.Config run =
        new ImageConfig.Config(
            "1000",
            Map.of("8080/tcp", Map.of()),
            List.of("A=" + XSS),
            List.of("/bin/app"),
            List.of("--serve"),
            null,
            "/srv",
            Map.of("title", XSS),
            null);
    ImageConfig config =
        new ImageConfig(
            "2024-01-01T00:00:00Z",
            null,
            "amd64",
            "linux",
            null,
            run,
            null,
            List.of(new ImageConfig.History(null, "RUN echo <b>bold</b>", null, null, false)));
    Descriptor layer = Descriptor.of(MediaType.OCI_LAYER_GZIP, DIGEST, 100);
    TagQueries.ManifestInfo info =
        new TagQueries.ManifestInfo(
            DIGEST.toString(),
            MediaType.OCI_MANIFEST,
            MediaType.OCI_CONFIG,
            Instant.now(),
            null,
            new ImageSummary(Instant.now(), "linux/amd64", 1234));
    return new ImageDetails(
        "team/app",
        info,
        500,
        List.of("latest"),
        Map.of("org.example.note", "\"><img src=x onerror=alert(1)>"),
        null,
        Descriptor.of(MediaType.OCI_CONFIG, DIGEST, 10),
        config,
        List.of(new ImageDetails.Layer(0, layer, "RUN echo <b>bold</b>", false)),
        config.history(),
        List.of(),
        Map.of());
  }
}
