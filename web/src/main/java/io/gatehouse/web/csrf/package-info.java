/** Defence against cross-site request forgery for cookie-authenticated requests: the same-origin guard. */
package io.gatehouse.web.csrf;
