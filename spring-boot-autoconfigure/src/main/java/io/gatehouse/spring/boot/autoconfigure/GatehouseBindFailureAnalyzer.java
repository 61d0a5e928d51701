package io.gatehouse.spring.boot.autoconfigure;

import java.time.Duration;
import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.springframework.boot.context.properties.bind.BindException;
import org.springframework.boot.context.properties.source.ConfigurationProperty;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;
import org.springframework.core.Ordered;

/**
 * Reports a {@code gatehouse.*} value that cannot even be bound (text where a duration or a number goes) with the form
 * the property accepts, which Spring Boot's own analysis leaves out. Runs before Boot's, and leaves every other
 * property to it.
 */
final class GatehouseBindFailureAnalyzer extends AbstractFailureAnalyzer<BindException> implements Ordered {

  @Override
  public int getOrder() {
    return Ordered.HIGHEST_PRECEDENCE;
  }

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, BindException cause) {
    ConfigurationProperty property = cause.getProperty();
    if (property == null || !property.getName().toString().startsWith("gatehouse.")) {
      return null;
    }
    String accepted = accepted(cause.getTarget().getType().resolve(Object.class));
    String description = "Invalid Gatehouse configuration:\n"
        + "\n    Property: " + property.getName()
        + "\n    Value: \"" + property.getValue() + "\""
        + (property.getOrigin() == null ? "" : "\n    Origin: " + property.getOrigin())
        + "\n    Accepted: " + accepted;
    return new FailureAnalysis(description, "Set " + property.getName() + " to " + accepted + ".", cause);
  }

  static String accepted(Class<?> type) {
    if (type == Duration.class) {
      return "a duration like 250ms, 30s, 15m or 12h (or ISO-8601, like PT15M)";
    }
    if (type == int.class || type == Integer.class || type == long.class || type == Long.class) {
      return "a whole number";
    }
    if (type == boolean.class || type == Boolean.class) {
      return "true or false";
    }
    if (type.isEnum()) {
      return "one of " + Arrays.stream(type.getEnumConstants())
          .map(constant -> ((Enum<?>) constant).name().toLowerCase(Locale.ROOT).replace('_', '-'))
          .collect(Collectors.joining(", "));
    }
    return "a value of type " + type.getSimpleName();
  }
}
