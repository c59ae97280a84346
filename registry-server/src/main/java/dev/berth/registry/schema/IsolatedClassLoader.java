package dev.berth.registry.schema;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.MalformedURLException;
import java.net.URL;
import java.net.URLClassLoader;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

/**
 * A class loader for a library that is needed once and then never again. The classes of the given
 * packages are loaded from the library's own jars (found through the parent) rather than by the
 * parent, and the given classes of the application itself are defined again here, so that they link
 * against those copies; everything else comes from the parent. Once nothing refers to this loader
 * or its classes, the JVM unloads all of them and gives back their class metadata.
 */
final class IsolatedClassLoader extends URLClassLoader {

  static {
    registerAsParallelCapable();
  }

  private final List<String> isolatedPackages;
  private final Set<String> redefinedClasses;

  /**
   * @param isolatedPackages package prefixes such as {@code org.flywaydb.}
   * @param redefinedClasses binary names of application classes to define again in this loader
   * @param anchorClasses one class per jar that holds the isolated packages, by binary name
   */
  IsolatedClassLoader(
      ClassLoader parent,
      List<String> isolatedPackages,
      Set<String> redefinedClasses,
      List<String> anchorClasses) {
    super("isolated", jarsOf(parent, anchorClasses), parent);
    this.isolatedPackages = List.copyOf(isolatedPackages);
    this.redefinedClasses = Set.copyOf(redefinedClasses);
  }

  @Override
  protected Class<?> loadClass(String name, boolean resolve) throws ClassNotFoundException {
    if (!redefinedClasses.contains(name) && !isIsolated(name)) {
      return super.loadClass(name, resolve);
    }
    synchronized (getClassLoadingLock(name)) {
      Class<?> loaded = findLoadedClass(name);
      if (loaded == null) {
        loaded = redefinedClasses.contains(name) ? defineFromParent(name) : findClass(name);
      }
      if (resolve) {
        resolveClass(loaded);
      }
      return loaded;
    }
  }

  private boolean isIsolated(String name) {
    for (String prefix : isolatedPackages) {
      if (name.startsWith(prefix)) {
        return true;
      }
    }
    return false;
  }

  private Class<?> defineFromParent(String name) throws ClassNotFoundException {
    String resource = name.replace('.', '/') + ".class";
    try (InputStream in = getParent().getResourceAsStream(resource)) {
      if (in == null) {
        throw new ClassNotFoundException(name);
      }
      byte[] bytes = in.readAllBytes();
      return defineClass(name, bytes, 0, bytes.length);
    } catch (IOException e) {
      throw new ClassNotFoundException(name, e);
    }
  }

  /** The root of the jar (or directory) from which the parent loads each anchor class. */
  private static URL[] jarsOf(ClassLoader parent, List<String> anchorClasses) {
    List<URL> roots = new ArrayList<>();
    for (String anchor : anchorClasses) {
      String resource = anchor.replace('.', '/') + ".class";
      URL url = parent.getResource(resource);
      if (url == null) {
        throw new IllegalStateException(anchor + " is not on the class path");
      }
      String location = url.toString();
      try {
        roots.add(new URL(location.substring(0, location.length() - resource.length())));
      } catch (MalformedURLException e) {
        throw new UncheckedIOException(e);
      }
    }
    return roots.toArray(URL[]::new);
  }
}
