/**
 * Test support shipped in {@code gatehouse-web}'s test-jar, for the tests of web and of its adapters: a request view
 * built in a line ({@link io.gatehouse.web.testing.FakeRequest}).
 */
package io.gatehouse.web.testing;
