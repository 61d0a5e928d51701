package io.gatehouse.bench;

import io.gatehouse.redis.testing.RedisBinary;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;

/** What a result depends on besides the code: software versions and the machine, read when the run starts. */
record RunEnvironment(Map<String, String> versions, Map<String, String> machine) {

  static RunEnvironment read() {
    Properties built = load("versions.properties");
    Map<String, String> versions = new LinkedHashMap<>();
    versions.put("Java", System.getProperty("java.vm.vendor") + " " + System.getProperty("java.vm.name") + " "
        + System.getProperty("java.runtime.version"));
    versions.put("Redis", RedisBinary.find().toString());
    versions.put("Lettuce", fromClassPath("io.lettuce", "lettuce-core", built.getProperty("lettuce")));
    versions.put("Spring Session Data Redis", built.getProperty("spring-session") + " (Spring Data Redis "
        + fromClassPath("org.springframework.data", "spring-data-redis", "?") + ", on the Lettuce above)");
    versions.put("Bucket4j (bucket4j_jdk17-lettuce)",
        fromClassPath("com.bucket4j", "bucket4j_jdk17-lettuce", built.getProperty("bucket4j")));
    versions.put("JMH", fromClassPath("org.openjdk.jmh", "jmh-core", built.getProperty("jmh")));
    versions.put("HdrHistogram", fromClassPath("org.hdrhistogram", "HdrHistogram", built.getProperty("hdrhistogram")));

    Map<String, String> machine = new LinkedHashMap<>();
    machine.put("CPUs (nproc)", Integer.toString(Runtime.getRuntime().availableProcessors()));
    machine.put("CPU model", procField("/proc/cpuinfo", "model name"));
    machine.put("Memory", procField("/proc/meminfo", "MemTotal"));
    machine.put("OS", System.getProperty("os.name") + " " + System.getProperty("os.version") + " "
        + System.getProperty("os.arch"));
    machine.put("Load average at start (1/5/15 min)", loadAverage());
    return new RunEnvironment(versions, machine);
  }

  /** {@code /proc/loadavg}'s first three fields: how busy the shared machine was. */
  static String loadAverage() {
    try {
      String[] fields = Files.readString(Path.of("/proc/loadavg")).trim().split("\\s+");
      return String.join(" / ", List.of(fields).subList(0, 3));
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  private static String procField(String file, String field) {
    try {
      for (String line : Files.readAllLines(Path.of(file))) {
        if (line.startsWith(field)) {
          return line.substring(line.indexOf(':') + 1).trim();
        }
      }
      return "unknown";
    } catch (IOException e) {
      return "unknown (" + e.getMessage() + ")";
    }
  }

  /** The version in the artifact's {@code pom.properties} on the class path, else {@code fallback}. */
  private static String fromClassPath(String group, String artifact, String fallback) {
    Properties pom = load("/META-INF/maven/" + group + "/" + artifact + "/pom.properties");
    return pom.getProperty("version", fallback);
  }

  private static Properties load(String resource) {
    Properties properties = new Properties();
    try (InputStream in = RunEnvironment.class.getResourceAsStream(resource)) {
      if (in != null) {
        properties.load(in);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + resource, e);
    }
    return properties;
  }
}
