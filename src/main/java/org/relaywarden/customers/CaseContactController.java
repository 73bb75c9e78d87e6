package org.relaywarden.customers;

import io.swagger.v3.oas.annotations.Operation;
import io.swagger.v3.oas.annotations.media.Content;
import io.swagger.v3.oas.annotations.media.ExampleObject;
import jakarta.validation.Valid;
import jakarta.validation.constraints.NotBlank;
import jakarta.validation.constraints.Size;
import org.relaywarden.cases.CaseReference;
import org.springframework.http.HttpStatus;
import org.springframework.http.ProblemDetail;
import org.springframework.http.ResponseEntity;
import org.springframework.security.core.Authentication;
import org.springframework.web.bind.annotation.ExceptionHandler;
import org.springframework.web.bind.annotation.GetMapping;
import org.springframework.web.bind.annotation.PathVariable;
import org.springframework.web.bind.annotation.PostMapping;
import org.springframework.web.bind.annotation.RequestBody;
import org.springframework.web.bind.annotation.RequestMapping;
import org.springframework.web.bind.annotation.RestController;

import java.util.List;

/** Who a case's letters go to; an operator adds an address (audited). */
@RestController
@RequestMapping("/api/v1/cases/{caseId}/contacts")
class CaseContactController {

    private final CaseContacts contacts;

    CaseContactController(CaseContacts contacts) {
        this.contacts = contacts;
    }

    record ContactsView(String caseId, String directory, boolean inDirectory, String name, String language,
                        List<ContactAddress> directoryAddresses, List<AddedContact> added, List<ContactAddress> recipients) {
    }

    record AddContactRequest(@NotBlank @Size(max = 254) String address,
                             @NotBlank(message = "is required: say why letters should go to this address") @Size(max = 1000) String reason) {
    }

    @GetMapping
    @Operation(summary = "Who the case's next letter goes to: the customer directory's addresses plus those operators added")
    ContactsView list(@PathVariable("caseId") String caseId) {
        CaseReference ref = CaseReference.parse(caseId);
        return view(ref, contacts.current(ref));
    }

    @PostMapping
    @Operation(summary = "Add an address to a case: its letters from now on go there too (operators; audited)",
            description = "201 with the case's recipients, 200 if the case had the address already, 409 if the case is closed.",
            requestBody = @io.swagger.v3.oas.annotations.parameters.RequestBody(content = @Content(examples = @ExampleObject(
                    name = "technical contact", value = """
                    {"address": "it@kunde.example", "reason": "customer called: their IT contractor handles the server"}"""))))
    ResponseEntity<ContactsView> add(@PathVariable("caseId") String caseId, @Valid @RequestBody AddContactRequest request,
                                     Authentication who) {
        CaseReference ref = CaseReference.parse(caseId);
        boolean added = contacts.add(ref, request.address(), request.reason(), who.getName());
        return ResponseEntity.status(added ? HttpStatus.CREATED : HttpStatus.OK).body(view(ref, contacts.current(ref)));
    }

    @ExceptionHandler(InvalidContactAddressException.class)
    ProblemDetail invalidAddress(InvalidContactAddressException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.BAD_REQUEST, "address: " + e.getMessage());
        p.setTitle("invalid address");
        return p;
    }

    @ExceptionHandler(CustomerDirectoryException.class)
    ProblemDetail directoryDown(CustomerDirectoryException e) {
        ProblemDetail p = ProblemDetail.forStatusAndDetail(HttpStatus.SERVICE_UNAVAILABLE,
                "the customer directory cannot be asked right now; try again later");
        p.setTitle("customer directory unavailable");
        return p;
    }

    private static ContactsView view(CaseReference ref, CaseContacts.Recipients r) {
        return new ContactsView(ref.toString(), r.directory(), r.inDirectory(), r.customer().name(), r.language(),
                r.customer().addresses(), r.added(), r.addresses());
    }
}
