package io.gatehouse.spring.boot.autoconfigure;

import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/**
 * Reports an {@link InvalidGatehousePropertyException} in Spring Boot's start-up failure output: the property, the
 * value, the accepted form and the core's own reason.
 */
final class InvalidGatehousePropertyFailureAnalyzer extends AbstractFailureAnalyzer<InvalidGatehousePropertyException> {

  @Override
  protected FailureAnalysis analyze(Throwable rootFailure, InvalidGatehousePropertyException cause) {
    StringBuilder description = new StringBuilder()
        .append("Invalid Gatehouse configuration:\n")
        .append("\n    Property: ").append(cause.property())
        .append("\n    Value: ").append(cause.value())
        .append("\n    Accepted: ").append(cause.accepted());
    if (cause.getCause() != null && cause.getCause().getMessage() != null) {
      description.append("\n    Reason: ").append(cause.getCause().getMessage());
    }
    return new FailureAnalysis(description.toString(),
        "Set " + cause.property() + " to " + cause.accepted() + ".", cause);
  }
}
