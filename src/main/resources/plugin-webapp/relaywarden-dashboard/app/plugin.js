// Relaywarden's Cockpit dashboard plugin (issue 22): the abuse desk's figures on Cockpit's start page.
//
// Camunda 7.24's front-end plugin format: an ES module whose default export is a list of plugin definitions;
// Cockpit calls render(node) for the plugin point "cockpit.dashboard" when its dashboard is shown.
//
// Data: GET /api/v1/dashboard, same origin, with the webapp's login session (the API accepts the session of a
// Camunda webapp login there for reading, with the user's groups: operators, leads and agents).
//
// Safety: everything is put on the page with textContent and SVG attributes only, never innerHTML (account names
// come from alerts and customers). The charts are plain SVG drawn with createElementNS.

const API = "/api/v1/dashboard";
const CASE_TAB = "relaywarden.processInstance.case";
const SVG = "http://www.w3.org/2000/svg";
const STAGE_COLOURS = ["#1f77b4", "#bcbd22", "#d62728", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#2ca02c", "#17becf"];

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

function svg(tag, attributes, text) {
  const e = document.createElementNS(SVG, tag);
  Object.entries(attributes || {}).forEach(([k, v]) => e.setAttribute(k, String(v)));
  if (text !== undefined && text !== null) {
    e.textContent = String(text);
  }
  return e;
}

function section(parent, title, id) {
  const s = el("section", null, "rw-dash-section");
  s.id = id;
  s.appendChild(el("h4", title));
  parent.appendChild(s);
  return s;
}

function table(parent, headers, rows, id) {
  const t = el("table", null, "cam-table rw-dash-table");
  t.id = id;
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

function duration(seconds) {
  if (seconds === null || seconds === undefined) {
    return "–";
  }
  const s = Number(seconds);
  if (s < 120) {
    return s + " s";
  }
  if (s < 7200) {
    return Math.round(s / 60) + " min";
  }
  if (s < 172800) {
    return Math.floor(s / 3600) + " h " + Math.round((s % 3600) / 60) + " min";
  }
  return Math.round(s / 86400) + " d";
}

function when(instant) {
  const d = new Date(instant);
  return isNaN(d.getTime()) ? String(instant || "") : d.toISOString().replace("T", " ").replace(/\.\d+Z$/, "Z");
}

// A horizontal bar chart: one bar per [label, value, shown], "shown" (or the value) written beside it; id on the <svg>.
function barChart(parent, id, bars, colours) {
  const rowHeight = 22;
  const labelWidth = 170;
  const barWidth = 260;
  const height = Math.max(1, bars.length) * rowHeight + 4;
  const chart = svg("svg", { id: id, class: "rw-dash-chart", width: labelWidth + barWidth + 60, height: height,
    viewBox: "0 0 " + (labelWidth + barWidth + 60) + " " + height, role: "img" });
  const max = Math.max(1, ...bars.map((b) => Number(b[1]) || 0));
  bars.forEach(([label, value, shown], i) => {
    const y = i * rowHeight + 2;
    const g = svg("g", { class: "rw-dash-bar", "data-label": label, "data-value": value });
    g.appendChild(svg("text", { x: labelWidth - 6, y: y + 15, "text-anchor": "end", "font-size": 12 }, label));
    const w = Math.round((Number(value) || 0) / max * barWidth);
    g.appendChild(svg("rect", { x: labelWidth, y: y + 3, width: Math.max(w, 1), height: rowHeight - 6,
      fill: colours[i % colours.length] }));
    g.appendChild(svg("text", { x: labelWidth + Math.max(w, 1) + 6, y: y + 15, "font-size": 12, class: "rw-dash-value" },
      shown === undefined ? value : shown));
    chart.appendChild(g);
  });
  parent.appendChild(chart);
  return chart;
}

// A share as a filled bar from 0 to 100 %.
function shareChart(parent, id, share, caption) {
  const width = 300;
  const chart = svg("svg", { id: id, class: "rw-dash-chart", width: width + 200, height: 28, role: "img" });
  chart.appendChild(svg("rect", { x: 0, y: 4, width: width, height: 18, fill: "#eee", stroke: "#999" }));
  if (share !== null && share !== undefined) {
    chart.appendChild(svg("rect", { x: 0, y: 4, width: Math.round(share * width), height: 18, fill: "#2ca02c" }));
  }
  chart.appendChild(svg("text", { x: width + 8, y: 18, "font-size": 12, class: "rw-dash-value" }, caption));
  parent.appendChild(chart);
}

function caseLink(c) {
  if (!c.processInstanceId) {
    return document.createTextNode(c.caseId);
  }
  const a = el("a", c.caseId, "rw-dash-case-link");
  a.href = "#/process-instance/" + encodeURIComponent(c.processInstanceId) + "/runtime?tab=" + CASE_TAB;
  a.id = "rw-dash-case-" + c.caseId;
  return a;
}

function render(root, d) {
  root.textContent = "";
  root.appendChild(el("h3", "Relaywarden: the abuse desk"));
  root.appendChild(el("p", "as of " + when(d.at), "rw-dash-at"));

  const stages = section(root, "Open cases by stage", "rw-dash-stages");
  barChart(stages, "rw-dash-stages-chart", Object.entries(d.openByStage), STAGE_COLOURS);

  const waiting = section(root, "Cases waiting for a person", "rw-dash-waiting");
  waiting.appendChild(el("p", d.waitingForPerson.length + " open task(s)", "rw-dash-waiting-count"));
  if (d.waitingForPerson.length > 0) {
    barChart(waiting, "rw-dash-waiting-chart",
      d.waitingForPerson.slice(0, 10).map((w) => [w.caseId + " " + w.task, w.waitingSeconds, duration(w.waitingSeconds)]),
      ["#ff7f0e"]);
    table(waiting, ["case", "task", "open since", "waiting"],
      d.waitingForPerson.map((w) => [w.caseId, w.task, when(w.since), duration(w.waitingSeconds)]), "rw-dash-waiting-table");
  }

  const windows = [d.last7Days, d.last30Days];
  const speed = section(root, "Alert → suspension", "rw-dash-suspension");
  table(speed, ["window", "suspensions", "p50", "p99"],
    windows.map((w) => ["last " + w.days + " days", w.suspensions, duration(w.alertToSuspensionP50Seconds),
      duration(w.alertToSuspensionP99Seconds)]), "rw-dash-suspension-table");

  const spam = section(root, "Spam stopped and quarantined", "rw-dash-spam");
  barChart(spam, "rw-dash-spam-chart", [
    ["refused, 7 days", d.last7Days.refusedAttempts],
    ["refused, 30 days", d.last30Days.refusedAttempts],
    ["quarantined, 7 days", d.last7Days.messagesQuarantined],
    ["quarantined, 30 days", d.last30Days.messagesQuarantined],
  ], ["#d62728", "#d62728", "#9467bd", "#9467bd"]);

  const first = section(root, "Answers complete in the first round", "rw-dash-first-round");
  const f = d.firstRound;
  shareChart(first, "rw-dash-first-round-chart", f.share,
    f.share === null ? "no answers yet" : f.complete + " of " + f.answered + " (" + Math.round(f.share * 100) + " %)");

  const failed = section(root, "Failed re-enables (suspended again after a re-enable)", "rw-dash-failed");
  barChart(failed, "rw-dash-failed-chart", windows.map((w) => ["last " + w.days + " days", w.failedReenables]),
    ["#8c564b"]);

  const open = section(root, "Open cases", "rw-dash-open");
  table(open, ["case", "account", "stage", "in stage since", "quarantined"],
    d.openCases.map((c) => [caseLink(c), c.account, c.stage, when(c.stageSince), c.quarantined]), "rw-dash-open-table");
}

async function load(root) {
  root.textContent = "loading…";
  try {
    const response = await fetch(API, { credentials: "same-origin", headers: { Accept: "application/json" } });
    if (response.status === 401 || response.status === 403) {
      root.textContent = "Relaywarden's figures are for operators, leads and agents.";
      return;
    }
    if (!response.ok) {
      throw new Error(API + " answered " + response.status);
    }
    render(root, await response.json());
  } catch (e) {
    root.textContent = "";
    root.appendChild(el("p", String(e.message || e), "rw-dash-error"));
  }
}

export default [
  {
    id: "relaywarden.dashboard",
    pluginPoint: "cockpit.dashboard",
    priority: 20,
    render: (node) => {
      const root = el("div", null, "rw-dashboard");
      root.id = "relaywarden-dashboard";
      node.appendChild(root);
      load(root);
    },
  },
];
