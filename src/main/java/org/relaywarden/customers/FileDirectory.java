package org.relaywarden.customers;

import org.relaywarden.account.Account;
import org.relaywarden.account.InvalidAccountException;
import com.fasterxml.jackson.core.JsonLocation;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.MappingIterator;
import com.fasterxml.jackson.databind.ObjectReader;
import com.fasterxml.jackson.dataformat.csv.CsvMapper;
import com.fasterxml.jackson.dataformat.csv.CsvParser;
import com.fasterxml.jackson.dataformat.csv.CsvSchema;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * Customers from a CSV file (UTF-8): a header line naming the columns {@code login} and
 * {@code address} and optionally {@code language} and {@code name}, in any order; then one row per
 * address (a customer with two addresses has two rows; the first non-empty language and name of a
 * login count). The file is read by Jackson's CSV parser (RFC 4180): fields may be quoted
 * ({@code "Muster, Kunde GmbH"}, a quote inside doubled); empty lines and lines starting with {@code #} are skipped.
 *
 * <p>The file is read at start (a missing or broken file stops the start) and again at a lookup
 * when its modification time, size or identity changed. A file that has become unreadable or
 * broken keeps the last good content in use and is logged as an error with the line that is wrong,
 * once per change.
 */
final class FileDirectory implements CustomerDirectory {

    private static final Logger log = LoggerFactory.getLogger(FileDirectory.class);
    static final int MAX_ADDRESSES = 10;

    private final Path file;
    private Map<Account, Customer> customers;
    private Object loadedVersion;
    private Object failedVersion;

    FileDirectory(Path file) {
        this.file = file;
        Object version = version();
        if (version == null) {
            throw new IllegalStateException("customer file " + file + " cannot be read");
        }
        try {
            customers = parse(Files.readString(file, StandardCharsets.UTF_8));
        } catch (IOException | IllegalArgumentException e) {
            throw new IllegalStateException("customer file " + file + ": " + e.getMessage(), e);
        }
        loadedVersion = version;
        log.info("customer file {}: {} logins", file, customers.size());
    }

    @Override
    public synchronized Optional<Customer> find(Account account) {
        reloadIfChanged();
        return Optional.ofNullable(customers.get(account));
    }

    @Override
    public String describe() {
        return "file " + file;
    }

    private void reloadIfChanged() {
        Object version = version();
        if (Objects.equals(version, loadedVersion) || (version != null && version.equals(failedVersion))) {
            return;
        }
        if (version == null) {
            if (failedVersion != MISSING) {
                log.error("customer file {} cannot be read any more; keeping the {} logins read before", file, customers.size());
                failedVersion = MISSING;
            }
            return;
        }
        try {
            Map<Account, Customer> fresh = parse(Files.readString(file, StandardCharsets.UTF_8));
            customers = fresh;
            loadedVersion = version;
            failedVersion = null;
            log.info("customer file {} reloaded: {} logins", file, fresh.size());
        } catch (IOException | IllegalArgumentException e) {
            failedVersion = version;
            log.error("customer file {} is broken, keeping the {} logins read before: {}", file, customers.size(), e.getMessage());
        }
    }

    private static final Object MISSING = new Object();

    /** Modification time, size and file identity: a change of any means the file is read again. */
    private Object version() {
        try {
            BasicFileAttributes a = Files.readAttributes(file, BasicFileAttributes.class);
            if (!a.isRegularFile()) {
                return null;
            }
            return List.of(a.lastModifiedTime(), a.size(), String.valueOf(a.fileKey()));
        } catch (IOException e) {
            return null;
        }
    }

    private static final CsvMapper CSV = new CsvMapper();
    private static final ObjectReader ROWS = CSV.readerForListOf(String.class)
            .with(CsvSchema.emptySchema().withComments())
            .with(CsvParser.Feature.WRAP_AS_ARRAY)
            .with(CsvParser.Feature.SKIP_EMPTY_LINES);

    /** Parses the whole file or throws {@link IllegalArgumentException} naming the line that is wrong. */
    static Map<Account, Customer> parse(String text) {
        if (text.startsWith("\uFEFF")) {
            text = text.substring(1);
        }
        List<String> header = null;
        Map<Account, List<ContactAddress>> addresses = new LinkedHashMap<>();
        Map<Account, String> languages = new LinkedHashMap<>();
        Map<Account, String> names = new LinkedHashMap<>();
        int login = -1;
        int address = -1;
        int language = -1;
        int name = -1;
        try (MappingIterator<List<String>> rows = ROWS.readValues(text)) {
            while (true) {
                int number = -1;
                List<String> fields;
                try {
                    if (!rows.hasNextValue()) {
                        break;
                    }
                    number = rows.getCurrentLocation().getLineNr();
                    fields = rows.nextValue();
                } catch (IOException e) {
                    throw new IllegalArgumentException(problem(e, number));
                }
                if (fields.size() == 1 && fields.get(0).isBlank()) {
                    continue;
                }
                if (header == null) {
                    header = fields.stream().map(f -> f.strip().toLowerCase(Locale.ROOT)).toList();
                    login = header.indexOf("login");
                    address = header.indexOf("address");
                    language = header.indexOf("language");
                    name = header.indexOf("name");
                    if (login < 0 || address < 0) {
                        throw new IllegalArgumentException("line " + number + ": the header must name the columns login and address"
                                + " (and may name language and name), e.g. login,address,language,name");
                    }
                    continue;
                }
                if (fields.size() != header.size()) {
                    throw new IllegalArgumentException("line " + number + ": " + fields.size() + " fields, the header has " + header.size());
                }
                Account account;
                ContactAddress to;
                try {
                    account = Account.parse(fields.get(login).strip());
                } catch (InvalidAccountException e) {
                    throw new IllegalArgumentException("line " + number + ": login: " + e.getMessage());
                }
                try {
                    to = ContactAddress.parse(fields.get(address));
                } catch (InvalidContactAddressException e) {
                    throw new IllegalArgumentException("line " + number + ": address: " + e.getMessage());
                }
                List<ContactAddress> list = addresses.computeIfAbsent(account, a -> new ArrayList<>());
                if (!list.contains(to)) {
                    list.add(to);
                }
                if (list.size() > MAX_ADDRESSES) {
                    throw new IllegalArgumentException("line " + number + ": more than " + MAX_ADDRESSES + " addresses for " + account);
                }
                if (language >= 0 && !fields.get(language).isBlank()) {
                    String l = fields.get(language).strip().toLowerCase(Locale.ROOT);
                    if (!Customer.LANGUAGES.contains(l)) {
                        throw new IllegalArgumentException("line " + number + ": language must be de or en (or empty)");
                    }
                    languages.putIfAbsent(account, l);
                }
                if (name >= 0 && !fields.get(name).isBlank()) {
                    names.putIfAbsent(account, fields.get(name));
                }
            }
        } catch (IOException e) {
            throw new IllegalArgumentException(problem(e, -1));
        }
        if (header == null) {
            throw new IllegalArgumentException("no header line (login,address,language,name)");
        }
        Map<Account, Customer> out = new LinkedHashMap<>();
        addresses.forEach((a, list) -> out.put(a, new Customer(names.get(a), languages.get(a), list)));
        return Map.copyOf(out);
    }

    /** Jackson's complaint about the CSV syntax, as "line N: what is wrong" (N: where the row began, if known). */
    private static String problem(IOException e, int rowLine) {
        String what = e instanceof JsonProcessingException j ? j.getOriginalMessage() : e.getMessage();
        if (what != null && what.contains("Missing closing quote")) {
            what = "a quote is not closed";
        }
        JsonLocation where = e instanceof JsonProcessingException j ? j.getLocation() : null;
        int line = rowLine > 0 ? rowLine : where == null ? -1 : where.getLineNr();
        return (line > 0 ? "line " + line + ": " : "") + what;
    }
}
