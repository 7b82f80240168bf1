using System.Text.RegularExpressions;
using PreflightCheck.Core;
using PreflightCheck.Core.Plan;
using PreflightCheck.Inputs.Json;
using YamlDotNet.Core;
using YamlDotNet.Core.Events;

namespace PreflightCheck.Inputs.Yaml;

/// <summary>
/// Reads one YAML document into the same located tree as <see cref="LocatedJson"/>, so one reader serves both syntaxes.
/// Local tags (<c>!Ref</c>, say) are handed to <c>tagged</c>, which may rewrite the node or refuse the tag.
/// </summary>
internal static partial class LocatedYaml
{
    public delegate JNode TagHandler(string tag, JNode node, SourceLocation tagLocation);

    private const string CoreTagPrefix = "tag:yaml.org,2002:";

    public static JNode Parse(string text, string file, TagHandler? tagged = null)
    {
        if (text.Length > 0 && text[0] == '\uFEFF')
        {
            text = text[1..];
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InputException("the file is empty; expected a YAML mapping", file);
        }

        var parser = new TrackingParser(new Parser(new StringReader(text)), file);
        try
        {
            parser.Consume<StreamStart>();
            if (parser.Accept<StreamEnd>(out _))
            {
                throw new InputException("the file holds no YAML document", file);
            }

            parser.Consume<DocumentStart>();
            var reader = new Reader(parser, file, tagged);
            var root = reader.ReadNode();
            parser.Consume<DocumentEnd>();
            if (parser.Accept<DocumentStart>(out var second))
            {
                throw At(file, second.Start, "the file holds more than one YAML document; a template is one document");
            }

            return root;
        }
        catch (YamlException ex)
        {
            // Some errors carry the start of the enclosing construct, not the fault; never report a place before the last good event.
            var mark = ex.Start.CompareTo(parser.LastMark) >= 0 ? ex.Start : parser.LastMark;
            var (line, column) = ex.Message.Contains("tab", StringComparison.Ordinal) && FirstIndentingTab(text, (int)mark.Line) is { } tab
                ? tab
                : ((int)mark.Line, (int)mark.Column);
            throw new InputException($"malformed YAML: {Describe(ex)}", file, Math.Max(1, line), Math.Max(1, column));
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on some broken flow collections; the last good event is the best position we have.
            throw At(file, parser.LastMark, "malformed YAML: the document cannot be read past this point (an unclosed [ or {, or a misplaced key?)");
        }
    }

    /// <summary>
    /// Remembers where the last event ended, for errors the parser reports without a position, and refuses nesting deeper than
    /// <paramref name="maxDepth"/> before any recursive reader (ours or YamlDotNet's) can go that deep.
    /// </summary>
    internal sealed class TrackingParser(IParser inner, string file, int maxDepth = 64) : IParser
    {
        private int _depth;

        public ParsingEvent? Current => inner.Current;

        public Mark LastMark { get; private set; } = Mark.Empty;

        public bool MoveNext()
        {
            if (inner.Current is { } current)
            {
                LastMark = current.End;
            }

            var moved = inner.MoveNext();
            switch (inner.Current)
            {
                case SequenceStart or MappingStart when ++_depth > maxDepth:
                    throw At(file, inner.Current.Start, $"the document nests deeper than {maxDepth} levels");
                case SequenceEnd or MappingEnd:
                    _depth--;
                    break;
            }

            return moved;
        }
    }

    private static (int Line, int Column)? FirstIndentingTab(string text, int fromLine)
    {
        var lines = text.Split('\n');
        for (var i = Math.Max(0, fromLine - 1); i < lines.Length; i++)
        {
            var indent = lines[i].Length - lines[i].TrimStart(' ', '\t').Length;
            var tab = lines[i].IndexOf('\t', 0, indent);
            if (tab >= 0)
            {
                return (i + 1, tab + 1);
            }
        }

        return null;
    }

    public static InputException At(string file, Mark mark, string message) =>
        new(message, file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));

    private static string Describe(YamlException ex)
    {
        var message = MarkPrefix().Replace(ex.Message, string.Empty).Trim();
        message = message.Replace('\r', ' ').Replace('\n', ' ');
        return message.TrimEnd('.', ' ');
    }

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\):\s*", RegexOptions.CultureInvariant)]
    private static partial Regex MarkPrefix();

    [GeneratedRegex(@"^[-+]?(?:0|[1-9][0-9]*)(?:\.[0-9]*)?(?:[eE][-+]?[0-9]+)?$|^[-+]?\.[0-9]+$|^0x[0-9a-fA-F]+$|^0o[0-7]+$", RegexOptions.CultureInvariant)]
    private static partial Regex Number();

    private sealed class Reader(IParser parser, string file, TagHandler? tagged)
    {
        private const int MaxDepth = 64;

        // An alias shares its anchor's node, so the tree stays small while everything that walks it sees it expanded:
        // nine levels of ten aliases are 10^9 nodes. Count what aliases expand to and refuse a bomb at the alias.
        private const long MaxExpandedNodes = 1_000_000;
        private readonly Dictionary<string, (JNode Node, long Size)> _anchors = new(StringComparer.Ordinal);
        private int _depth;
        private long _nodes;

        public JNode ReadNode()
        {
            if (parser.TryConsume<AnchorAlias>(out var alias))
            {
                if (!_anchors.TryGetValue(alias.Value.Value, out var target))
                {
                    throw At(file, alias.Start, $"alias *{alias.Value.Value} names no anchor defined before it");
                }

                _nodes += target.Size;
                return _nodes > MaxExpandedNodes
                    ? throw At(file, alias.Start, $"aliases expand the document past {MaxExpandedNodes:N0} nodes (an alias bomb?); refused")
                    : target.Node;
            }

            var before = _nodes++;

            var start = parser.Current as NodeEvent ?? throw At(file, parser.Current!.Start, "expected a YAML node");
            if (++_depth > MaxDepth)
            {
                throw At(file, start.Start, $"the document nests deeper than {MaxDepth} levels");
            }

            var location = Location(start.Start);
            JNode node = start switch
            {
                Scalar scalar => ReadScalar(scalar, location),
                SequenceStart => ReadSequence(location),
                MappingStart => ReadMapping(location),
                _ => throw At(file, start.Start, "expected a YAML node"),
            };
            _depth--;

            if (!start.Tag.IsEmpty && !start.Tag.IsNonSpecific && !start.Tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal))
            {
                node = tagged is null
                    ? throw At(file, start.Start, $"unsupported YAML tag {start.Tag.Value}")
                    : tagged(start.Tag.Value, node, location);
            }

            if (!start.Anchor.IsEmpty)
            {
                _anchors[start.Anchor.Value] = (node, _nodes - before);
            }

            return node;
        }

        private JNode ReadScalar(Scalar scalar, SourceLocation location)
        {
            parser.MoveNext();
            var coreTag = !scalar.Tag.IsEmpty && scalar.Tag.Value.StartsWith(CoreTagPrefix, StringComparison.Ordinal)
                ? scalar.Tag.Value[CoreTagPrefix.Length..]
                : null;
            if (coreTag == "str" || scalar.Style != ScalarStyle.Plain || (!scalar.Tag.IsEmpty && coreTag is null))
            {
                return new JNode { Kind = JKind.String, Location = location, Text = scalar.Value };
            }

            var value = scalar.Value;
            return value switch
            {
                "" or "~" or "null" or "Null" or "NULL" => new JNode { Kind = JKind.Null, Location = location },
                "true" or "True" or "TRUE" => new JNode { Kind = JKind.True, Location = location, Text = value },
                "false" or "False" or "FALSE" => new JNode { Kind = JKind.False, Location = location, Text = value },
                _ when Number().IsMatch(value) => new JNode { Kind = JKind.Number, Location = location, Text = value },
                _ => new JNode { Kind = JKind.String, Location = location, Text = value },
            };
        }

        private JNode ReadSequence(SourceLocation location)
        {
            parser.MoveNext();
            var items = new List<JNode>();
            while (!parser.TryConsume<SequenceEnd>(out _))
            {
                items.Add(ReadNode());
            }

            return new JNode { Kind = JKind.Array, Location = location, Items = items };
        }

        private JNode ReadMapping(SourceLocation location)
        {
            parser.MoveNext();
            var properties = new List<(string, SourceLocation, JNode)>();
            var names = new HashSet<string>(StringComparer.Ordinal);
            while (!parser.TryConsume<MappingEnd>(out _))
            {
                var keyEvent = parser.Current!;
                var key = ReadNode();
                if (key.Kind is JKind.Object or JKind.Array)
                {
                    throw At(file, keyEvent.Start, "a mapping key must be a scalar");
                }

                var name = key.Text ?? (key.Kind == JKind.Null ? "" : key.Kind.ToString().ToLowerInvariant());
                var value = ReadNode();
                if (!names.Add(name))
                {
                    throw At(file, keyEvent.Start, $"key \"{Excerpt.Of(name)}\" appears twice in the same mapping");
                }

                properties.Add((name, key.Location, value));
            }

            return new JNode { Kind = JKind.Object, Location = location, Properties = properties };
        }

        private SourceLocation Location(Mark mark) =>
            new(file, (int)Math.Max(1, mark.Line), (int)Math.Max(1, mark.Column));
    }
}
