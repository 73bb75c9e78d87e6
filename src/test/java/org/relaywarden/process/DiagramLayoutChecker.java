package org.relaywarden.process;

import org.camunda.bpm.model.bpmn.BpmnModelInstance;
import org.camunda.bpm.model.bpmn.instance.BaseElement;
import org.camunda.bpm.model.bpmn.instance.BoundaryEvent;
import org.camunda.bpm.model.bpmn.instance.DataObjectReference;
import org.camunda.bpm.model.bpmn.instance.DataStoreReference;
import org.camunda.bpm.model.bpmn.instance.Event;
import org.camunda.bpm.model.bpmn.instance.FlowElement;
import org.camunda.bpm.model.bpmn.instance.FlowNode;
import org.camunda.bpm.model.bpmn.instance.Gateway;
import org.camunda.bpm.model.bpmn.instance.Lane;
import org.camunda.bpm.model.bpmn.instance.MessageFlow;
import org.camunda.bpm.model.bpmn.instance.Participant;
import org.camunda.bpm.model.bpmn.instance.SequenceFlow;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnEdge;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnLabel;
import org.camunda.bpm.model.bpmn.instance.bpmndi.BpmnShape;
import org.camunda.bpm.model.bpmn.instance.dc.Bounds;
import org.camunda.bpm.model.bpmn.instance.di.Waypoint;
import org.camunda.bpm.model.xml.instance.ModelElementInstance;

import java.awt.geom.Line2D;
import java.awt.geom.Point2D;
import java.awt.geom.Rectangle2D;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Checks the diagram interchange (BPMN DI) of a model for what makes a diagram hard to read: overlapping shapes,
 * labels on shapes, on other labels or under flows, labels too small for their text or far from their element,
 * flows through shapes, flows that do not start or end on their shapes' borders, elements not drawn and named
 * elements without a label. {@link #problems} names the element ids involved in each problem found.
 *
 * <p>Text extent is estimated as bpmn-js (Cockpit's renderer) lays out an external label: 11 px font, wrapped at
 * 90 px; the character widths are a deliberately generous approximation of Arial's.
 */
final class DiagramLayoutChecker {

    /** How far a flow's first or last waypoint may lie from its shape's border. */
    static final double DOCKING_TOLERANCE = 3;
    /** Shapes are shrunk by this much before a flow is tested against their interior. */
    static final double CROSSING_TOLERANCE = 2;
    /** The largest gap between a label and its own shape or flow. */
    static final double LABEL_DISTANCE = 20;
    static final double LABEL_WRAP_WIDTH = 90;
    static final double LINE_HEIGHT = 13;

    private record Drawn(String id, BaseElement element, Rectangle2D bounds, Rectangle2D label) { }

    private record Line(String id, BaseElement element, List<Point2D> points, Rectangle2D label) { }

    private final Map<String, Drawn> shapes = new LinkedHashMap<>();
    private final Map<String, Line> edges = new LinkedHashMap<>();
    private final List<String> problems = new ArrayList<>();

    private DiagramLayoutChecker(BpmnModelInstance model) {
        for (BpmnShape shape : model.getModelElementsByType(BpmnShape.class)) {
            BaseElement element = shape.getBpmnElement();
            if (element == null || shape.getBounds() == null) {
                problems.add("shape " + shape.getId() + " has no element or no bounds");
                continue;
            }
            shapes.put(element.getId(), new Drawn(element.getId(), element, rect(shape.getBounds()), label(shape.getBpmnLabel())));
        }
        for (BpmnEdge edge : model.getModelElementsByType(BpmnEdge.class)) {
            BaseElement element = edge.getBpmnElement();
            List<Point2D> points = new ArrayList<>();
            for (Waypoint waypoint : edge.getWaypoints()) {
                points.add(new Point2D.Double(waypoint.getX(), waypoint.getY()));
            }
            if (element == null || points.size() < 2) {
                problems.add("edge " + edge.getId() + " has no element or fewer than two waypoints");
                continue;
            }
            edges.put(element.getId(), new Line(element.getId(), element, points, label(edge.getBpmnLabel())));
        }
        everythingIsDrawn(model);
        namedElementsHaveLabels();
        labelsFitTheirText();
        shapesDoNotOverlap();
        boundaryEventsSitOnTheirHosts();
        labelsStayClear();
        labelsStayBesideTheirElement();
        flowsDoNotCrossShapes();
        flowsDockOnTheirShapes();
    }

    /** Every problem found in the model's diagram, each naming the element ids involved; empty if none. */
    static List<String> problems(BpmnModelInstance model) {
        return List.copyOf(new DiagramLayoutChecker(model).problems);
    }

    private void everythingIsDrawn(BpmnModelInstance model) {
        for (FlowNode node : model.getModelElementsByType(FlowNode.class)) {
            if (!shapes.containsKey(node.getId())) {
                problems.add(node.getId() + " has no shape in the diagram");
            }
        }
        for (SequenceFlow flow : model.getModelElementsByType(SequenceFlow.class)) {
            if (!edges.containsKey(flow.getId())) {
                problems.add(flow.getId() + " has no edge in the diagram");
            }
        }
        for (MessageFlow flow : model.getModelElementsByType(MessageFlow.class)) {
            if (!edges.containsKey(flow.getId())) {
                problems.add(flow.getId() + " has no edge in the diagram");
            }
        }
    }

    private void namedElementsHaveLabels() {
        for (Drawn shape : shapes.values()) {
            boolean external = shape.element() instanceof Event || shape.element() instanceof Gateway
                    || shape.element() instanceof DataObjectReference || shape.element() instanceof DataStoreReference;
            if (external && hasName(shape.element()) && shape.label() == null) {
                problems.add(shape.id() + " (\"" + name(shape.element()) + "\") has no label bounds");
            }
        }
        for (Line edge : edges.values()) {
            if (hasName(edge.element()) && edge.label() == null) {
                problems.add(edge.id() + " (\"" + name(edge.element()) + "\") has no label bounds");
            }
        }
    }

    private void labelsFitTheirText() {
        for (Map.Entry<String, Rectangle2D> label : labels().entrySet()) {
            String text = name(element(label.getKey()));
            if (text.isBlank()) {
                continue;
            }
            double[] needed = textExtent(text);
            Rectangle2D bounds = label.getValue();
            if (bounds.getWidth() + 6 < needed[0] || bounds.getHeight() + 2 < needed[1]) {
                problems.add("label of " + label.getKey() + " (\"" + text + "\") is " + size(bounds)
                        + " but its text needs about " + Math.round(needed[0]) + "x" + Math.round(needed[1]));
            }
        }
    }

    private void shapesDoNotOverlap() {
        List<Drawn> all = new ArrayList<>(shapes.values());
        for (int i = 0; i < all.size(); i++) {
            for (int j = i + 1; j < all.size(); j++) {
                Drawn a = all.get(i);
                Drawn b = all.get(j);
                if (shrunk(a.bounds(), 1).intersects(shrunk(b.bounds(), 1)) && !mayOverlap(a.element(), b.element())) {
                    problems.add("shape " + a.id() + " " + box(a.bounds()) + " overlaps shape " + b.id() + " " + box(b.bounds()));
                }
            }
        }
    }

    private void boundaryEventsSitOnTheirHosts() {
        for (Drawn shape : shapes.values()) {
            if (shape.element() instanceof BoundaryEvent boundary && shapes.containsKey(boundary.getAttachedTo().getId())) {
                Drawn host = shapes.get(boundary.getAttachedTo().getId());
                Point2D centre = new Point2D.Double(shape.bounds().getCenterX(), shape.bounds().getCenterY());
                if (distanceFromBorder(host, centre) > DOCKING_TOLERANCE) {
                    problems.add("boundary event " + shape.id() + " " + box(shape.bounds()) + " is not on the border of its host "
                            + host.id() + " " + box(host.bounds()));
                }
            }
        }
    }

    private void labelsStayClear() {
        List<Map.Entry<String, Rectangle2D>> all = new ArrayList<>(labels().entrySet());
        for (int i = 0; i < all.size(); i++) {
            String owner = all.get(i).getKey();
            Rectangle2D label = shrunk(all.get(i).getValue(), 1);
            for (int j = i + 1; j < all.size(); j++) {
                if (label.intersects(shrunk(all.get(j).getValue(), 1))) {
                    problems.add("label of " + owner + " " + box(all.get(i).getValue()) + " overlaps label of "
                            + all.get(j).getKey() + " " + box(all.get(j).getValue()));
                }
            }
            BaseElement ownElement = element(owner);
            for (Drawn shape : shapes.values()) {
                if (shape.id().equals(owner) || contains(shape.element(), ownElement)) {
                    continue;
                }
                if (label.intersects(shape.bounds())) {
                    problems.add("label of " + owner + " " + box(all.get(i).getValue()) + " overlaps shape " + shape.id()
                            + " " + box(shape.bounds()));
                }
            }
            for (Line edge : edges.values()) {
                if (edge.id().equals(owner)) {
                    continue;
                }
                if (crosses(edge.points(), label)) {
                    problems.add("label of " + owner + " " + box(all.get(i).getValue()) + " is crossed by flow " + edge.id());
                }
            }
        }
    }

    private void labelsStayBesideTheirElement() {
        for (Drawn shape : shapes.values()) {
            if (shape.label() != null && distance(shape.label(), shape.bounds()) > LABEL_DISTANCE) {
                problems.add("label of " + shape.id() + " " + box(shape.label()) + " is more than " + (int) LABEL_DISTANCE
                        + " px away from its shape " + box(shape.bounds()));
            }
        }
        for (Line edge : edges.values()) {
            if (edge.label() == null) {
                continue;
            }
            double nearest = Double.MAX_VALUE;
            for (int k = 1; k < edge.points().size(); k++) {
                nearest = Math.min(nearest, distance(edge.label(), edge.points().get(k - 1), edge.points().get(k)));
            }
            if (nearest > LABEL_DISTANCE) {
                problems.add("label of " + edge.id() + " " + box(edge.label()) + " is more than " + (int) LABEL_DISTANCE
                        + " px away from its flow");
            }
        }
    }

    private void flowsDoNotCrossShapes() {
        for (Line edge : edges.values()) {
            BaseElement source = source(edge.element());
            BaseElement target = target(edge.element());
            for (Drawn shape : shapes.values()) {
                BaseElement element = shape.element();
                // its own source and target too: a flow docked on a border and leaving outwards stays clear of the
                // shrunk interior, one that runs back through its shape does not
                if (contains(element, edge.element())
                        || (source != null && contains(element, source)) || (target != null && contains(element, target))) {
                    continue;
                }
                Rectangle2D interior = shrunk(shape.bounds(), CROSSING_TOLERANCE);
                for (int k = 1; k < edge.points().size(); k++) {
                    if (new Line2D.Double(edge.points().get(k - 1), edge.points().get(k)).intersects(interior)) {
                        problems.add("flow " + edge.id() + " segment " + point(edge.points().get(k - 1)) + "-"
                                + point(edge.points().get(k)) + " crosses shape " + shape.id() + " " + box(shape.bounds()));
                        break;
                    }
                }
            }
        }
    }

    private void flowsDockOnTheirShapes() {
        for (Line edge : edges.values()) {
            dock(edge, "starts", source(edge.element()), edge.points().get(0));
            dock(edge, "ends", target(edge.element()), edge.points().get(edge.points().size() - 1));
        }
    }

    private void dock(Line edge, String verb, BaseElement end, Point2D point) {
        if (end == null || !shapes.containsKey(end.getId())) {
            return;
        }
        Drawn shape = shapes.get(end.getId());
        double off = distanceFromBorder(shape, point);
        if (off > DOCKING_TOLERANCE) {
            problems.add("flow " + edge.id() + " " + verb + " at " + point(point) + ", " + Math.round(off)
                    + " px off the border of " + shape.id() + " " + box(shape.bounds()));
        }
    }

    // --- containment: what may overlap what -------------------------------------------------------------------

    private static boolean mayOverlap(BaseElement a, BaseElement b) {
        return attachedTo(a, b) || attachedTo(b, a) || contains(a, b) || contains(b, a);
    }

    private static boolean attachedTo(BaseElement event, BaseElement host) {
        return event instanceof BoundaryEvent boundary && boundary.getAttachedTo() == host;
    }

    /** Whether {@code outer} (a sub-process, lane or pool) holds {@code inner}. */
    private static boolean contains(BaseElement outer, BaseElement inner) {
        if (outer == inner) {
            return false;
        }
        if (outer instanceof Lane lane) {
            return lane.getFlowNodeRefs().contains(inner) || isAncestor(lane, inner)
                    || lane.getFlowNodeRefs().stream().anyMatch(node -> isAncestor(node, inner));
        }
        if (outer instanceof Participant participant) {
            return participant.getProcess() != null && isAncestor(participant.getProcess(), inner);
        }
        return isAncestor(outer, inner);
    }

    private static boolean isAncestor(ModelElementInstance outer, ModelElementInstance inner) {
        for (ModelElementInstance parent = inner.getParentElement(); parent != null; parent = parent.getParentElement()) {
            if (parent == outer) {
                return true;
            }
        }
        return false;
    }

    private static BaseElement source(BaseElement flow) {
        if (flow instanceof SequenceFlow sequence) {
            return sequence.getSource();
        }
        return flow instanceof MessageFlow message && message.getSource() instanceof BaseElement source ? source : null;
    }

    private static BaseElement target(BaseElement flow) {
        if (flow instanceof SequenceFlow sequence) {
            return sequence.getTarget();
        }
        return flow instanceof MessageFlow message && message.getTarget() instanceof BaseElement target ? target : null;
    }

    // --- geometry --------------------------------------------------------------------------------------------

    private Map<String, Rectangle2D> labels() {
        Map<String, Rectangle2D> labels = new LinkedHashMap<>();
        shapes.values().stream().filter(s -> s.label() != null).forEach(s -> labels.put(s.id(), s.label()));
        edges.values().stream().filter(e -> e.label() != null).forEach(e -> labels.put(e.id(), e.label()));
        return labels;
    }

    private BaseElement element(String id) {
        return shapes.containsKey(id) ? shapes.get(id).element() : edges.get(id).element();
    }

    private static double distanceFromBorder(Drawn shape, Point2D p) {
        Rectangle2D r = shape.bounds();
        double cx = r.getCenterX();
        double cy = r.getCenterY();
        double rx = r.getWidth() / 2;
        double ry = r.getHeight() / 2;
        double dx = p.getX() - cx;
        double dy = p.getY() - cy;
        if (shape.element() instanceof Event) {
            return Math.abs(Math.hypot(dx, dy) - rx);
        }
        if (shape.element() instanceof Gateway) {
            // the diamond |dx|/rx + |dy|/ry = 1, measured along its normal
            double level = Math.abs(dx) / rx + Math.abs(dy) / ry;
            return Math.abs(level - 1) * rx * ry / Math.hypot(rx, ry);
        }
        double outside = Math.hypot(Math.max(0, Math.abs(dx) - rx), Math.max(0, Math.abs(dy) - ry));
        double inside = Math.min(rx - Math.abs(dx), ry - Math.abs(dy));
        return outside > 0 ? outside : inside;
    }

    static boolean crosses(List<Point2D> points, Rectangle2D area) {
        for (int k = 1; k < points.size(); k++) {
            if (new Line2D.Double(points.get(k - 1), points.get(k)).intersects(area)) {
                return true;
            }
        }
        return false;
    }

    private static double distance(Rectangle2D a, Rectangle2D b) {
        double dx = Math.max(0, Math.max(a.getMinX() - b.getMaxX(), b.getMinX() - a.getMaxX()));
        double dy = Math.max(0, Math.max(a.getMinY() - b.getMaxY(), b.getMinY() - a.getMaxY()));
        return Math.hypot(dx, dy);
    }

    private static double distance(Rectangle2D r, Point2D a, Point2D b) {
        Line2D segment = new Line2D.Double(a, b);
        if (segment.intersects(r)) {
            return 0;
        }
        double best = Math.min(Math.min(segment.ptSegDist(r.getMinX(), r.getMinY()), segment.ptSegDist(r.getMaxX(), r.getMinY())),
                Math.min(segment.ptSegDist(r.getMinX(), r.getMaxY()), segment.ptSegDist(r.getMaxX(), r.getMaxY())));
        for (Point2D end : List.of(a, b)) {
            best = Math.min(best, distance(r, new Rectangle2D.Double(end.getX(), end.getY(), 0, 0)));
        }
        return best;
    }

    /** Estimated width and height of a name laid out as bpmn-js lays out an external label. */
    static double[] textExtent(String text) {
        double widest = 0;
        int lines = 0;
        double line = -1;
        for (String word : text.trim().split("\\s+")) {
            double width = width(word);
            if (line >= 0 && line + width(" ") + width <= LABEL_WRAP_WIDTH) {
                line += width(" ") + width;
            } else {
                if (line >= 0) {
                    widest = Math.max(widest, line);
                }
                lines += (int) Math.max(1, Math.ceil(width / LABEL_WRAP_WIDTH));
                line = Math.min(width, LABEL_WRAP_WIDTH);
            }
        }
        widest = Math.max(widest, line);
        return new double[] {widest, lines * LINE_HEIGHT};
    }

    private static double width(String word) {
        double width = 0;
        for (char c : word.toCharArray()) {
            if ("iljtfr.,:;'!|() ".indexOf(c) >= 0) {
                width += 3;
            } else if (Character.isUpperCase(c) || c == 'm' || c == 'w') {
                width += 8;
            } else {
                width += 6;
            }
        }
        return width;
    }

    private static Rectangle2D rect(Bounds bounds) {
        return new Rectangle2D.Double(bounds.getX(), bounds.getY(), bounds.getWidth(), bounds.getHeight());
    }

    private static Rectangle2D label(BpmnLabel label) {
        return label == null || label.getBounds() == null ? null : rect(label.getBounds());
    }

    private static Rectangle2D shrunk(Rectangle2D r, double by) {
        return new Rectangle2D.Double(r.getX() + by, r.getY() + by, Math.max(0, r.getWidth() - 2 * by), Math.max(0, r.getHeight() - 2 * by));
    }

    private static boolean hasName(BaseElement element) {
        return !name(element).isBlank();
    }

    private static String name(BaseElement element) {
        String name = element instanceof FlowElement flowElement ? flowElement.getName() : element.getAttributeValue("name");
        return name == null ? "" : name;
    }

    private static String box(Rectangle2D r) {
        return String.format(Locale.ROOT, "[%.0f,%.0f %s]", r.getX(), r.getY(), size(r));
    }

    private static String size(Rectangle2D r) {
        return String.format(Locale.ROOT, "%.0fx%.0f", r.getWidth(), r.getHeight());
    }

    private static String point(Point2D p) {
        return String.format(Locale.ROOT, "(%.0f,%.0f)", p.getX(), p.getY());
    }
}
