/** Test support shared through the core test-jar: a fake clock and the contract suites' plumbing. */
package io.gatehouse.testing;
