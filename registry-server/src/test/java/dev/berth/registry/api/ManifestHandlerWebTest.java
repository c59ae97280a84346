package dev.berth.registry.api;

import static org.mockito.ArgumentMatchers.any;
import static org.mockito.ArgumentMatchers.anyList;
import static org.mockito.ArgumentMatchers.eq;
import static org.mockito.Mockito.verifyNoInteractions;
import static org.mockito.Mockito.when;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.get;
import static org.springframework.test.web.servlet.request.MockMvcRequestBuilders.put;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.content;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.header;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.jsonPath;
import static org.springframework.test.web.servlet.result.MockMvcResultMatchers.status;

import dev.berth.oci.Digest;
import dev.berth.oci.MediaType;
import dev.berth.oci.RepositoryName;
import dev.berth.registry.auth.web.RequestFirewall;
import dev.berth.registry.blob.BlobService;
import dev.berth.registry.blob.UploadService;
import dev.berth.registry.catalog.RepositoryService;
import dev.berth.registry.config.RegistryProperties;
import dev.berth.registry.error.ManifestUnknownException;
import dev.berth.registry.manifest.ManifestPullListener;
import dev.berth.registry.manifest.ManifestService;
import dev.berth.registry.manifest.PutResult;
import dev.berth.registry.manifest.ReferrersService;
import dev.berth.registry.manifest.StoredManifest;
import dev.berth.registry.manifest.TagService;
import dev.berth.registry.notify.Notifications;
import dev.berth.registry.proxy.PullThroughBlobs;
import dev.berth.registry.proxy.PullThroughManifests;
import dev.berth.registry.proxy.PullThroughTags;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.boot.webmvc.test.autoconfigure.WebMvcTest;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.ComponentScan;
import org.springframework.context.annotation.FilterType;
import org.springframework.context.annotation.Import;
import org.springframework.test.context.bean.override.mockito.MockitoBean;
import org.springframework.test.web.servlet.MockMvc;

/** The HTTP slice: status codes, spec headers and the error envelope, with services mocked. */
@WebMvcTest(
    controllers = RegistryApiController.class,
    excludeFilters =
        @ComponentScan.Filter(
            type = FilterType.REGEX,
            pattern = "dev\\.berth\\.registry\\.(web|auth)\\..*"))
@Import({
  ManifestHandler.class,
  ManifestBodyBudget.class,
  BlobHandler.class,
  UploadHandler.class,
  ListingHandler.class,
  ApiErrorAdvice.class,
  ApiVersionFilter.class,
  RequestFirewall.class,
  ManifestHandlerWebTest.Properties.class
})
class ManifestHandlerWebTest {
  @Autowired MockMvc mvc;
  @MockitoBean ManifestService manifests;
  @MockitoBean BlobService blobs;
  @MockitoBean UploadService uploads;
  @MockitoBean RepositoryService repositories;
  @MockitoBean TagService tags;
  @MockitoBean ReferrersService referrers;
  @MockitoBean ManifestPullListener pulls;
  @MockitoBean PullThroughManifests pullThroughManifests;
  @MockitoBean PullThroughBlobs pullThroughBlobs;
  @MockitoBean PullThroughTags pullThroughTags;
  @MockitoBean Notifications notifications;

  @TestConfiguration
  static class Properties {
    @Bean
    RegistryProperties registryProperties() {
      return new RegistryProperties(
          Path.of("unused"), true, false, 64, 100, 10, Duration.ofSeconds(1), null, null, null);
    }
  }

  private static final byte[] BODY = "{\"schemaVersion\":2}".getBytes(StandardCharsets.UTF_8);
  private static final Digest DIGEST = Digest.sha256(BODY);

  @Test
  void get_setsSpecHeadersAndServesStoredBytes() throws Exception {
    when(manifests.get(new RepositoryName("team/app"), "v1"))
        .thenReturn(new StoredManifest(DIGEST, MediaType.OCI_MANIFEST, BODY));
    mvc.perform(get("/v2/team/app/manifests/v1"))
        .andExpect(status().isOk())
        .andExpect(header().string("Content-Type", MediaType.OCI_MANIFEST))
        .andExpect(header().string("Docker-Content-Digest", DIGEST.toString()))
        .andExpect(header().string("Docker-Distribution-API-Version", "registry/2.0"))
        .andExpect(content().bytes(BODY));
  }

  @Test
  void unknownManifest_isSpecErrorEnvelope() throws Exception {
    when(manifests.get(any(), eq("nope")))
        .thenThrow(new ManifestUnknownException("team/app", "nope"));
    mvc.perform(get("/v2/team/app/manifests/nope"))
        .andExpect(status().isNotFound())
        .andExpect(jsonPath("$.errors[0].code").value("MANIFEST_UNKNOWN"))
        .andExpect(jsonPath("$.errors[0].message").isNotEmpty());
  }

  @Test
  void put_answersLocationDigestSubjectAndTags() throws Exception {
    Digest subject = Digest.sha256(new byte[] {1});
    when(manifests.put(any(), eq("v1"), any(), any(), anyList()))
        .thenReturn(
            new PutResult(
                DIGEST,
                "application/vnd.oci.image.manifest.v1+json",
                2,
                subject,
                List.of("v1", "extra")));
    mvc.perform(
            put("/v2/team/app/manifests/v1?tag=extra")
                .contentType(MediaType.OCI_MANIFEST)
                .content(BODY))
        .andExpect(status().isCreated())
        .andExpect(header().string("Location", "/v2/team/app/manifests/" + DIGEST))
        .andExpect(header().string("Docker-Content-Digest", DIGEST.toString()))
        .andExpect(header().string("OCI-Subject", subject.toString()))
        .andExpect(header().stringValues("OCI-Tag", "v1", "extra"));
  }

  @Test
  void put_overLimit_is413BeforeTheServiceIsCalled() throws Exception {
    mvc.perform(
            put("/v2/team/app/manifests/v1")
                .contentType(MediaType.OCI_MANIFEST)
                .content(new byte[65]))
        .andExpect(status().isPayloadTooLarge())
        .andExpect(jsonPath("$.errors[0].code").value("MANIFEST_INVALID"));
    verifyNoInteractions(manifests);
  }

  @Test
  void invalidName_isNameInvalid() throws Exception {
    mvc.perform(get("/v2/Team/App/manifests/v1"))
        .andExpect(status().isBadRequest())
        .andExpect(jsonPath("$.errors[0].code").value("NAME_INVALID"));
  }
}
