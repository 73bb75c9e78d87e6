// Relaywarden's Cockpit plugin (issue 22): the "Relaywarden case" tab on a process instance's page.
//
// Camunda 7.24's front-end plugin format: an ES module whose default export is a list of plugin
// definitions; Cockpit calls render(node, {api, processInstanceId}) for a tab when it is opened.
//
// Safety: everything shown comes from Relaywarden's API and much of it from customers (answers, mail
// senders, subjects) or from mail logs. It is put on the page with textContent only, never innerHTML,
// so a hostile answer such as <img src=x onerror=...> shows as the text it is.
//
// Data: Relaywarden's own API, same origin, with the webapp's login session (read-only requests; the
// API accepts the session of a Camunda webapp login for GET on /api/v1/cases/** with the user's groups).

const API = "/api/v1/cases/";

function el(tag, text, cls) {
  const e = document.createElement(tag);
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  if (cls) {
    e.className = cls;
  }
  return e;
}

function section(parent, title, id) {
  const s = el("section", null, "rw-section");
  s.id = id;
  s.appendChild(el("h4", title));
  parent.appendChild(s);
  return s;
}

function table(parent, headers, rows, id) {
  const t = el("table", null, "cam-table rw-table");
  if (id) {
    t.id = id;
  }
  const head = el("thead");
  const hr = el("tr");
  headers.forEach((h) => hr.appendChild(el("th", h)));
  head.appendChild(hr);
  t.appendChild(head);
  const body = el("tbody");
  rows.forEach((r) => {
    const tr = el("tr");
    r.forEach((cell) => {
      const td = el("td");
      if (cell instanceof Node) {
        td.appendChild(cell);
      } else {
        td.textContent = cell === undefined || cell === null ? "" : String(cell);
      }
      tr.appendChild(td);
    });
    body.appendChild(tr);
  });
  t.appendChild(body);
  parent.appendChild(t);
  return t;
}

function when(instant) {
  if (!instant) {
    return "";
  }
  const d = new Date(instant);
  return isNaN(d.getTime()) ? String(instant) : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

async function getJson(url) {
  const response = await fetch(url, {
    credentials: "same-origin",
    headers: { Accept: "application/json" },
  });
  if (response.status === 403) {
    return { forbidden: true };
  }
  if (!response.ok) {
    throw new Error(url + " answered " + response.status);
  }
  return { body: await response.json() };
}

function notPermitted(parent) {
  parent.appendChild(el("p", "Your role may not see this part of the case.", "rw-forbidden"));
}

function renderSummary(root, c) {
  const s = section(root, "Case", "rw-summary");
  table(s, ["case", "account", "stage", "outcome", "relay state at close", "source", "reason", "alerts", "opened", "updated", "closed"],
    [[c.caseId, c.account, c.stage, c.outcome, c.finalRelayState, c.source, c.reason, c.alerts,
      when(c.createdAt), when(c.updatedAt), when(c.closedAt)]], "rw-case-table");
  if (c.contact) {
    s.appendChild(el("p", "Contact of record: " + c.contact));
  }
}

function renderEvidence(root, evidence) {
  const s = section(root, "Evidence", "rw-evidence");
  if (!evidence) {
    s.appendChild(el("p", "No evidence gathered yet."));
    return;
  }
  table(s, ["messages", "recipients", "submissions 24h", "recipients 24h", "clients 24h", "refused 24h",
    "accepted before stop", "window messages", "window recipients", "gathered"],
    [[evidence.messageCount, evidence.recipientCount, evidence.submissionsLast24h, evidence.recipientsLast24h,
      evidence.distinctClientsLast24h, evidence.refusedLast24h === null ? "unknown" : evidence.refusedLast24h,
      evidence.acceptedBeforeStop, evidence.windowMessages, evidence.windowRecipients, when(evidence.gatheredAt)]],
    "rw-evidence-table");
  if (evidence.topDomains && evidence.topDomains.length) {
    s.appendChild(el("p", "Top recipient domains: " + evidence.topDomains.join(", ")));
  }
  if (evidence.sampleLog && evidence.sampleLog.length) {
    s.appendChild(el("pre", evidence.sampleLog.join("\n"), "rw-log"));
  }
}

function renderTimeline(root, audit) {
  const s = section(root, "Timeline (audit trail)", "rw-timeline");
  table(s, ["when", "who", "what", "detail"],
    audit.entries.map((a) => [when(a.at), a.actor, a.action, a.detail]), "rw-audit-table");
  if (audit.total > audit.entries.length) {
    s.appendChild(el("p", (audit.total - audit.entries.length) + " later entries: " + API + "…/audit?offset="
      + audit.entries.length));
  }
}

function renderLetters(root, letters) {
  const s = section(root, "Letters", "rw-letters");
  if (letters.forbidden) {
    notPermitted(s);
    return;
  }
  if (!letters.body.length) {
    s.appendChild(el("p", "No letters yet."));
  }
  letters.body.forEach((l) => {
    const letter = el("article", null, "rw-letter");
    letter.appendChild(el("h5", l.subject, "rw-letter-subject"));
    letter.appendChild(el("p", l.kind + " to " + (l.recipients || []).join(", ")
      + (l.sentAt ? ", sent " + when(l.sentAt) : ", not sent yet (created " + when(l.createdAt) + ")")));
    letter.appendChild(el("pre", l.body, "rw-letter-body"));
    s.appendChild(letter);
  });
}

function renderAnswers(root, answers) {
  const s = section(root, "Answers", "rw-answers");
  if (answers.forbidden) {
    notPermitted(s);
    return;
  }
  if (!answers.body.length) {
    s.appendChild(el("p", "No answers yet."));
    return;
  }
  table(s, ["round", "received", "channel", "judged", "1 cause", "2 prevention", "3 queue emptied", "queue output"],
    answers.body.map((r) => {
      const a = r.answers || {};
      const cause = el("pre", a.cause, "rw-answer");
      const prevention = el("pre", a.prevention, "rw-answer");
      const output = el("pre", a.queueOutput, "rw-answer");
      return [r.round, when(r.receivedAt), r.channel, r.complete ? "complete" : "missing " + r.missing, cause,
        prevention, a.queueEmptied === true ? "yes" : a.queueEmptied === false ? "no" : "", output];
    }), "rw-answers-table");
}

function renderQuarantine(root, caseId, quarantine) {
  const s = section(root, "Quarantined mail", "rw-quarantine");
  if (quarantine.forbidden) {
    notPermitted(s);
    return;
  }
  if (!quarantine.body.length) {
    s.appendChild(el("p", "Nothing in quarantine."));
    return;
  }
  table(s, ["id", "relay", "queue id", "sender", "recipients", "size", "arrived", "state", ""],
    quarantine.body.map((m) => {
      const download = el("a", "download .eml");
      download.href = API + encodeURIComponent(caseId) + "/quarantine/" + encodeURIComponent(m.id);
      download.setAttribute("download", caseId + "-" + m.id + ".eml");
      return [m.id, m.relay, m.queueId, m.sender, (m.recipients || []).join(", "), m.size, when(m.arrival), m.state,
        download];
    }), "rw-quarantine-table");
}

async function renderCase(node, api, processInstanceId) {
  const root = el("div", null, "rw-case");
  root.id = "relaywarden-case";
  node.appendChild(root);
  const status = el("p", "Loading the case…", "rw-status");
  root.appendChild(status);
  try {
    const instance = await getJson(api.engineApi + "/process-instance/" + encodeURIComponent(processInstanceId));
    const caseId = instance.body && instance.body.businessKey;
    if (!caseId) {
      status.textContent = "This process instance has no case id (business key).";
      return;
    }
    const base = API + encodeURIComponent(caseId);
    const [view, audit, letters, answers, quarantine] = await Promise.all([
      getJson(base), getJson(base + "/audit?offset=0&limit=500"), getJson(base + "/letters"),
      getJson(base + "/answers"), getJson(base + "/quarantine")]);
    if (view.forbidden) {
      status.textContent = "Your role may not see Relaywarden cases.";
      return;
    }
    root.removeChild(status);
    renderSummary(root, view.body);
    renderTimeline(root, audit.forbidden ? { entries: view.body.audit, total: view.body.auditTotal } : audit.body);
    renderLetters(root, letters);
    renderAnswers(root, answers);
    renderEvidence(root, view.body.evidence);
    renderQuarantine(root, caseId, quarantine);
  } catch (e) {
    status.textContent = "Could not load the case: " + e.message;
    status.className = "rw-status rw-error";
  }
}

export default [
  {
    id: "relaywarden.processInstance.case",
    pluginPoint: "cockpit.processInstance.runtime.tab",
    priority: 20,
    properties: { label: "Relaywarden case" },
    render: (node, { api, processInstanceId }) => {
      renderCase(node, api, processInstanceId);
    },
  },
];
