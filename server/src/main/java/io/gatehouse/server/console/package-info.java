/**
 * The operator console at {@code /admin} in the reference server: the Javalin routes over the {@code gatehouse-console}
 * module's page and JSON API (under {@code /api/admin/*}). Internal to the server; may change without notice.
 */
package io.gatehouse.server.console;
