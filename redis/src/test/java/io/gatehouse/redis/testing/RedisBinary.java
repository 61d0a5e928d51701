package io.gatehouse.redis.testing;

import static java.nio.charset.StandardCharsets.UTF_8;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Assumptions;

/**
 * The {@code redis-server} executable that the test harness runs, found once per JVM.
 *
 * <p>The first of these that applies wins:
 * <ol>
 *   <li>the system property {@value #PATH_PROPERTY}, else the environment variable {@value #PATH_VARIABLE}: an
 *       explicit path, of any version. If it is set but the file is missing, not executable or does not answer
 *       {@code --version}, the search fails instead of falling back. A blank value counts as not set.
 *   <li>the first {@code redis-server} on the {@code PATH} whose {@code --version} reports major version 7 or later.
 *       The system property {@value #SKIP_PATH_PROPERTY}{@code =true} skips this step, to test the next one on a
 *       machine that has Redis installed: {@code mvn -pl redis verify -Dgatehouse.redis.skipPath=true}.
 *   <li>the Redis {@value #EMBEDDED_VERSION} binary for this OS and CPU inside the test dependency
 *       {@code org.signal:embedded-redis}, copied to an executable temporary file deleted when the JVM exits.
 * </ol>
 * The choice is printed once, as {@code [gatehouse-test] using redis-server 7.0.15 at /usr/bin/redis-server (from
 * PATH)}, so every test log shows which Redis the tests ran against.
 */
public final class RedisBinary {

  /** The system property that names the {@code redis-server} executable to use. */
  public static final String PATH_PROPERTY = "gatehouse.redis.server";
  /** The environment variable that names the {@code redis-server} executable, if the system property is not set. */
  public static final String PATH_VARIABLE = "GATEHOUSE_REDIS_SERVER";
  /** The system property that, set to {@code true}, skips the {@code PATH} so the embedded binary is used. */
  public static final String SKIP_PATH_PROPERTY = "gatehouse.redis.skipPath";
  /** The Redis version inside the {@code org.signal:embedded-redis} jar. */
  public static final String EMBEDDED_VERSION = "7.0.15";

  private static final int MINIMUM_PATH_MAJOR_VERSION = 7;
  private static final Duration VERSION_TIMEOUT = Duration.ofSeconds(10);
  private static final Pattern VERSION = Pattern.compile("\\bv=(\\d+)\\.(\\d+)\\.(\\d+)");

  private static RedisBinary found;
  private static IllegalStateException failure;

  private final Path path;
  private final String version;
  private final String origin;
  private Boolean supportsTls;

  private RedisBinary(Path path, String version, String origin) {
    this.path = path;
    this.version = version;
    this.origin = origin;
  }

  /**
   * Returns the binary for this JVM, searching on the first call only.
   *
   * @throws IllegalStateException if no usable binary is found, with the reason; every later call throws the same
   */
  public static synchronized RedisBinary find() {
    if (found == null && failure == null) {
      try {
        found = locate();
        System.out.printf("[gatehouse-test] using redis-server %s at %s (from %s)%n", found.version, found.path,
            found.origin);
      } catch (IllegalStateException e) {
        failure = e;
      }
    }
    if (failure != null) {
      throw new IllegalStateException(failure.getMessage(), failure);
    }
    return found;
  }

  /** Returns the path of the executable. */
  public Path path() {
    return path;
  }

  /** Returns the version that {@code redis-server --version} reports, such as {@code 7.0.15}. */
  public String version() {
    return version;
  }

  /** Returns the major version, such as {@code 7}. */
  public int majorVersion() {
    return majorOf(version);
  }

  /**
   * Returns whether this binary speaks TLS, probed on the first call; TLS tests call {@link #assumeTls()}.
   *
   * <p>The probe asks it to configure TLS without a certificate and with no port: a TLS build refuses with "Failed to
   * configure TLS", while a build without TLS rejects the {@code tls-*} directives or finds nothing to listen on.
   * Either way it exits at once, binding nothing. Debian's redis-server and the embedded-redis 7.0.15 binaries are
   * TLS builds.
   */
  public synchronized boolean supportsTls() {
    if (supportsTls == null) {
      supportsTls = probeTls(path);
    }
    return supportsTls;
  }

  /**
   * For TLS tests: returns if this binary speaks TLS; otherwise skips the test with a message, or fails it under
   * {@code CI=true}, where the TLS tests must run rather than pass by running nothing.
   */
  public void assumeTls() {
    if (supportsTls()) {
      return;
    }
    String missing = this + " is built without TLS";
    if ("true".equalsIgnoreCase(System.getenv("CI"))) {
      throw new AssertionError(missing + "; under CI=true the TLS tests must run");
    }
    Assumptions.abort(missing);
  }

  @Override
  public String toString() {
    return "redis-server " + version + " at " + path + " (from " + origin + ")";
  }

  private static RedisBinary locate() {
    String property = System.getProperty(PATH_PROPERTY, "");
    if (!property.isBlank()) {
      return explicit("system property " + PATH_PROPERTY, property);
    }
    String variable = System.getenv().getOrDefault(PATH_VARIABLE, "");
    if (!variable.isBlank()) {
      return explicit("environment variable " + PATH_VARIABLE, variable);
    }
    if (skipPath()) {
      return embedded("PATH skipped by " + SKIP_PATH_PROPERTY + "=true");
    }
    List<String> rejected = new ArrayList<>();
    for (Path candidate : pathCandidates()) {
      try {
        String version = probeVersion(candidate);
        if (majorOf(version) >= MINIMUM_PATH_MAJOR_VERSION) {
          return new RedisBinary(candidate, version, "PATH");
        }
        rejected.add(candidate + " is " + version);
      } catch (IllegalStateException e) {
        rejected.add(e.getMessage());
      }
    }
    return embedded(rejected.isEmpty() ? "no redis-server on the PATH"
        : "no redis-server " + MINIMUM_PATH_MAJOR_VERSION + " or later on the PATH: " + String.join("; ", rejected));
  }

  /** Checks an explicitly configured path; {@code source} names the setting, for the message if it is unusable. */
  static RedisBinary explicit(String source, String value) {
    Path path;
    try {
      path = Path.of(value);
    } catch (InvalidPathException e) {
      throw new IllegalStateException(String.format("%s is \"%s\", which is not a valid path", source, value), e);
    }
    if (!Files.isRegularFile(path) || !Files.isExecutable(path)) {
      throw new IllegalStateException(String.format("%s is \"%s\", which is not an executable file", source, value));
    }
    try {
      return new RedisBinary(path, probeVersion(path), source);
    } catch (IllegalStateException e) {
      throw new IllegalStateException(String.format("%s is \"%s\", which is not a working redis-server: %s", source,
          value, e.getMessage()), e);
    }
  }

  private static boolean skipPath() {
    String value = System.getProperty(SKIP_PATH_PROPERTY, "false");
    if (!value.equals("true") && !value.equals("false")) {
      throw new IllegalStateException(String.format("system property %s must be true or false, got \"%s\"",
          SKIP_PATH_PROPERTY, value));
    }
    return Boolean.parseBoolean(value);
  }

  private static Set<Path> pathCandidates() {
    Set<Path> candidates = new LinkedHashSet<>();
    for (String directory : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
      try {
        Path candidate = Path.of(directory.isEmpty() ? "." : directory, "redis-server").toAbsolutePath().normalize();
        if (Files.isRegularFile(candidate) && Files.isExecutable(candidate)) {
          candidates.add(candidate);
        }
      } catch (InvalidPathException e) {
        // A malformed PATH entry cannot hold a redis-server; the shell would skip it too.
      }
    }
    return candidates;
  }

  /** Copies out the embedded binary; {@code notFound} says why the PATH did not do, for the log line and errors. */
  private static RedisBinary embedded(String notFound) {
    String osName = System.getProperty("os.name", "");
    String osArch = System.getProperty("os.arch", "");
    String lowerOsName = osName.toLowerCase(Locale.ROOT);
    String os = lowerOsName.contains("linux") ? "linux" : lowerOsName.contains("mac") ? "darwin" : null;
    String arch = switch (osArch) {
      case "amd64", "x86_64" -> "amd64";
      case "aarch64", "arm64" -> "arm64";
      default -> null;
    };
    if (os == null || arch == null) {
      throw new IllegalStateException(String.format("%s, and embedded-redis has no binary for os.name \"%s\" os.arch"
          + " \"%s\"; install Redis 7 or set %s", notFound, osName, osArch, PATH_PROPERTY));
    }
    String resource = "/redis-server-" + EMBEDDED_VERSION + "-" + os + "-" + arch;
    try (InputStream in = RedisBinary.class.getResourceAsStream(resource)) {
      if (in == null) {
        throw new IllegalStateException(String.format("%s, and the resource \"%s\" is not on the class path: add the"
            + " test dependency org.signal:embedded-redis or set %s", notFound, resource, PATH_PROPERTY));
      }
      Path file = Files.createTempFile("gatehouse-redis-server-" + EMBEDDED_VERSION + "-", "");
      file.toFile().deleteOnExit();
      Files.copy(in, file, StandardCopyOption.REPLACE_EXISTING);
      Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rwx------"));
      return new RedisBinary(file, probeVersion(file), "embedded-redis jar, " + notFound);
    } catch (IOException e) {
      throw new IllegalStateException(String.format("%s, and copying \"%s\" out of embedded-redis failed: %s",
          notFound, resource, e), e);
    }
  }

  /** Runs {@code binary --version}, bounded, and returns the version it prints. */
  private static String probeVersion(Path binary) {
    Process process = launch(binary, "--version");
    try {
      if (!process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        throw new IllegalStateException(String.format("\"%s --version\" did not finish within %d s", binary,
            VERSION_TIMEOUT.toSeconds()));
      }
      String output = new String(process.getInputStream().readAllBytes(), UTF_8).strip();
      Matcher matcher = VERSION.matcher(output);
      if (process.exitValue() != 0 || !matcher.find()) {
        throw new IllegalStateException(String.format("\"%s --version\" exited with code %d and printed \"%s\","
            + " expected \"Redis server v=7.x.y ...\"", binary, process.exitValue(), output));
      }
      return matcher.group(1) + "." + matcher.group(2) + "." + matcher.group(3);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(String.format("interrupted while running \"%s --version\"", binary), e);
    } catch (IOException e) {
      throw new IllegalStateException(String.format("reading \"%s --version\" failed: %s", binary, e), e);
    }
  }

  /** Runs the TLS probe of {@link #supportsTls()}, bounded like {@code --version}. */
  private static boolean probeTls(Path binary) {
    String[] args = {"--port", "0", "--tls-port", "0", "--tls-replication", "yes", "--save", "", "--logfile", ""};
    Process process = launch(binary, args);
    try {
      if (!process.waitFor(VERSION_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
        process.destroyForcibly();
        return false;
      }
      return new String(process.getInputStream().readAllBytes(), UTF_8).contains("Failed to configure TLS");
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      process.destroyForcibly();
      throw new IllegalStateException(String.format("interrupted while probing \"%s\" for TLS", binary), e);
    } catch (IOException e) {
      throw new IllegalStateException(String.format("reading the TLS probe of \"%s\" failed: %s", binary, e), e);
    }
  }

  private static Process launch(Path binary, String... args) {
    List<String> command = new ArrayList<>(List.of(binary.toString()));
    command.addAll(List.of(args));
    long deadline = System.nanoTime() + VERSION_TIMEOUT.toNanos();
    while (true) {
      try {
        return new ProcessBuilder(command).redirectErrorStream(true).start();
      } catch (IOException e) {
        // A file just written can be briefly "busy" (ETXTBSY) while a process forked meanwhile still holds the
        // write descriptor; that clears as soon as the fork execs.
        boolean busy = String.valueOf(e.getMessage()).contains("error=26");
        if (!busy || System.nanoTime() - deadline > 0) {
          throw new IllegalStateException(String.format("cannot run \"%s %s\": %s", binary, args[0],
              e.getMessage()), e);
        }
        pause(binary);
      }
    }
  }

  private static void pause(Path binary) {
    try {
      Thread.sleep(20);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new IllegalStateException("interrupted while waiting to run " + binary, e);
    }
  }

  private static int majorOf(String version) {
    return Integer.parseInt(version.substring(0, version.indexOf('.')));
  }
}
