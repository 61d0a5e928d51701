package io.gatehouse.servlet;

import io.gatehouse.web.Principal;
import jakarta.servlet.http.HttpServlet;
import jakarta.servlet.http.HttpServletRequest;
import jakarta.servlet.http.HttpServletResponse;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The test application's own servlet: reports what the Servlet API says about the caller, as a JSON object, for
 * GET and for state-changing methods alike.
 */
final class WhoAmIServlet extends HttpServlet {

  private static final long serialVersionUID = 1L;

  @Override
  protected void service(HttpServletRequest request, HttpServletResponse response) throws IOException {
    Map<String, Object> answer = new LinkedHashMap<>();
    answer.put("method", request.getMethod());
    answer.put("userPrincipal", request.getUserPrincipal() == null ? null : request.getUserPrincipal().getName());
    answer.put("remoteUser", request.getRemoteUser());
    answer.put("authType", request.getAuthType());
    answer.put("admin", request.isUserInRole("admin"));
    answer.put("user", request.isUserInRole("user"));
    answer.put("anyAuthenticated", request.isUserInRole("**"));
    Object principal = request.getAttribute(GatehouseFilter.PRINCIPAL_ATTRIBUTE);
    answer.put("attributeSubject", principal instanceof Principal p ? p.subject() : null);
    answer.put("sameAsFilterPrincipal", GatehouseFilter.principal(request).map(p -> p == principal).orElse(null));
    JsonResponses.write(response, 200, answer);
  }
}
