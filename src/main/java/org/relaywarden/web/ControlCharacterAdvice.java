package org.relaywarden.web;

import org.springframework.core.MethodParameter;
import org.springframework.http.HttpInputMessage;
import org.springframework.http.converter.HttpMessageConverter;
import org.springframework.web.bind.annotation.ControllerAdvice;
import org.springframework.web.servlet.mvc.method.annotation.RequestBodyAdviceAdapter;

import java.lang.reflect.Type;

/**
 * Refuses a JSON request body with a control character in any field (400 naming the field), before anything
 * of it is stored. A body type marked {@link ChecksItsOwnText} is passed on: a monitoring webhook refuses only the
 * alert that carries one, so the other alerts of its group still get their cases.
 */
@ControllerAdvice(basePackages = "org.relaywarden")
class ControlCharacterAdvice extends RequestBodyAdviceAdapter {

    @Override
    public boolean supports(MethodParameter parameter, Type targetType, Class<? extends HttpMessageConverter<?>> converterType) {
        return !(targetType instanceof Class<?> c && ChecksItsOwnText.class.isAssignableFrom(c));
    }

    @Override
    public Object afterBodyRead(Object body, HttpInputMessage inputMessage, MethodParameter parameter, Type targetType,
                                Class<? extends HttpMessageConverter<?>> converterType) {
        ControlCharacters.find(body, "").ifPresent(f -> {
            throw new BadRequestException("control character in the request", f.message());
        });
        return body;
    }
}
