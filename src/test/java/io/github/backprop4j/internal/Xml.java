package io.github.backprop4j.internal;

import java.io.Reader;
import java.io.StringReader;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Parses XML with the JDK's own parser ({@code javax.xml.parsers}) into a small tree, for the tests of the
 * SVG the library writes (charts, the trace's network picture).
 *
 * <p>The parser is reached by reflection because the tests compile inside the module
 * {@code io.github.backprop4j}, which does not read {@code java.xml} and must not (the library has no
 * dependencies, not even on JDK modules beyond {@code java.base}); core reflection needs no
 * readability. DOCTYPEs are refused, so nothing is ever fetched.
 */
public final class Xml {

    /** An element: namespace, local name, attributes in document order, child elements, all its text. */
    public record Element(String namespace, String name, Map<String, String> attributes, List<Element> children,
                   String text) {

        public String attr(String attribute) {
            return attributes.getOrDefault(attribute, "");
        }

        /** This element and all below it, depth first, in document order. */
        public List<Element> all() {
            List<Element> out = new ArrayList<>();
            collect(this, out);
            return out;
        }

        private static void collect(Element e, List<Element> out) {
            out.add(e);
            for (Element child : e.children) {
                collect(child, out);
            }
        }

        /** The elements below this one (not itself) with the given local name. */
        public List<Element> find(String localName) {
            return all().stream().skip(1).filter(e -> e.name.equals(localName)).toList();
        }

        /** The elements below this one with the given local name and class attribute. */
        public List<Element> find(String localName, String cssClass) {
            return find(localName).stream().filter(e -> cssClass.equals(e.attr("class"))).toList();
        }
    }

    private static final short ELEMENT_NODE = 1;

    private Xml() {
    }

    /**
     * Parses a document.
     *
     * @throws AssertionError naming the parser's complaint if the text is not well-formed XML
     */
    public static Element parse(String xml) {
        try {
            Class<?> factoryType = Class.forName("javax.xml.parsers.DocumentBuilderFactory");
            Class<?> builderType = Class.forName("javax.xml.parsers.DocumentBuilder");
            Class<?> inputType = Class.forName("org.xml.sax.InputSource");
            Class<?> handlerType = Class.forName("org.xml.sax.ErrorHandler");
            Object factory = factoryType.getMethod("newInstance").invoke(null);
            factoryType.getMethod("setNamespaceAware", boolean.class).invoke(factory, true);
            factoryType.getMethod("setFeature", String.class, boolean.class)
                    .invoke(factory, "http://apache.org/xml/features/disallow-doctype-decl", true);
            Object builder = factoryType.getMethod("newDocumentBuilder").invoke(factory);
            // an error handler that throws instead of printing "[Fatal Error]" to stderr
            Object handler = Proxy.newProxyInstance(Xml.class.getClassLoader(), new Class<?>[] {handlerType},
                    (proxy, method, args) -> {
                        if (method.getDeclaringClass() == Object.class) {
                            return method.getName().equals("hashCode") ? System.identityHashCode(proxy)
                                    : method.getName().equals("equals") ? proxy == args[0] : "ErrorHandler";
                        }
                        throw (Throwable) args[0];
                    });
            builderType.getMethod("setErrorHandler", handlerType).invoke(builder, handler);
            Object input = inputType.getConstructor(Reader.class).newInstance(new StringReader(xml));
            Object document = builderType.getMethod("parse", inputType).invoke(builder, input);
            Object root = Class.forName("org.w3c.dom.Document").getMethod("getDocumentElement").invoke(document);
            return new Dom().convert(root);
        } catch (InvocationTargetException e) {
            throw new AssertionError("not well-formed XML: " + e.getCause(), e.getCause());
        } catch (ReflectiveOperationException e) {
            throw new IllegalStateException("the JDK's XML parser is not reachable", e);
        }
    }

    /** The DOM methods used, looked up on the public interfaces (never on the parser's own classes). */
    private static final class Dom {
        private final Method nodeType;
        private final Method localName;
        private final Method namespace;
        private final Method attributes;
        private final Method childNodes;
        private final Method textContent;
        private final Method nodeValue;
        private final Method nodeName;
        private final Method mapLength;
        private final Method mapItem;
        private final Method listLength;
        private final Method listItem;

        Dom() throws ReflectiveOperationException {
            Class<?> node = Class.forName("org.w3c.dom.Node");
            Class<?> map = Class.forName("org.w3c.dom.NamedNodeMap");
            Class<?> list = Class.forName("org.w3c.dom.NodeList");
            nodeType = node.getMethod("getNodeType");
            localName = node.getMethod("getLocalName");
            namespace = node.getMethod("getNamespaceURI");
            attributes = node.getMethod("getAttributes");
            childNodes = node.getMethod("getChildNodes");
            textContent = node.getMethod("getTextContent");
            nodeValue = node.getMethod("getNodeValue");
            nodeName = node.getMethod("getNodeName");
            mapLength = map.getMethod("getLength");
            mapItem = map.getMethod("item", int.class);
            listLength = list.getMethod("getLength");
            listItem = list.getMethod("item", int.class);
        }

        Element convert(Object element) throws ReflectiveOperationException {
            Map<String, String> attrs = new LinkedHashMap<>();
            Object map = attributes.invoke(element);
            for (int i = 0, n = (int) mapLength.invoke(map); i < n; i++) {
                Object attr = mapItem.invoke(map, i);
                attrs.put((String) nodeName.invoke(attr), (String) nodeValue.invoke(attr));
            }
            List<Element> children = new ArrayList<>();
            Object list = childNodes.invoke(element);
            for (int i = 0, n = (int) listLength.invoke(list); i < n; i++) {
                Object child = listItem.invoke(list, i);
                if ((short) nodeType.invoke(child) == ELEMENT_NODE) {
                    children.add(convert(child));
                }
            }
            return new Element((String) namespace.invoke(element), (String) localName.invoke(element),
                    Map.copyOf(attrs), List.copyOf(children), (String) textContent.invoke(element));
        }
    }
}
