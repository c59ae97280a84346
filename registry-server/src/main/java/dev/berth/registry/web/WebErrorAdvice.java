package dev.berth.registry.web;

import dev.berth.oci.InvalidDigestException;
import dev.berth.registry.error.RegistryException;
import java.io.UncheckedIOException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.http.HttpStatus;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.method.annotation.MethodArgumentTypeMismatchException;
import org.springframework.web.servlet.ModelAndView;

/** Shows UI failures as a page with the right status, never a stack trace or API JSON. */
@ControllerAdvice(basePackageClasses = WebErrorAdvice.class)
public class WebErrorAdvice {
  private static final Logger log = LoggerFactory.getLogger(WebErrorAdvice.class);

  @ExceptionHandler(RegistryException.class)
  ModelAndView registry(RegistryException e) {
    return page(HttpStatus.valueOf(e.code().status()), e.getMessage());
  }

  @ExceptionHandler({
    IllegalArgumentException.class,
    InvalidDigestException.class,
    MethodArgumentTypeMismatchException.class
  })
  ModelAndView badRequest(RuntimeException e) {
    return page(HttpStatus.BAD_REQUEST, e.getMessage());
  }

  @ExceptionHandler(UncheckedIOException.class)
  ModelAndView io(UncheckedIOException e) {
    log.warn("I/O failure while rendering a page: {}", e.getMessage());
    return page(HttpStatus.INTERNAL_SERVER_ERROR, "The registry could not read stored content.");
  }

  private static ModelAndView page(HttpStatus status, String message) {
    ModelAndView view = new ModelAndView("error");
    view.setStatus(status);
    view.addObject("status", status.value());
    view.addObject("error", status.getReasonPhrase());
    view.addObject("message", message);
    return view;
  }
}
