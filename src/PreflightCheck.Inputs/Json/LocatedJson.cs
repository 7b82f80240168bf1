using System.Buffers;
using System.Text;
using System.Text.Json;
using PreflightCheck.Core;
using PreflightCheck.Core.Plan;

namespace PreflightCheck.Inputs.Json;

internal enum JKind
{
    Object,
    Array,
    String,
    Number,
    True,
    False,
    Null,
}

/// <summary>A JSON value that remembers where it starts in its file, for report locations and input errors.</summary>
internal sealed class JNode
{
    public required JKind Kind { get; init; }

    public required SourceLocation Location { get; init; }

    public string? Text { get; init; }

    public IReadOnlyList<(string Name, SourceLocation NameLocation, JNode Value)> Properties { get; init; } = [];

    public IReadOnlyList<JNode> Items { get; init; } = [];

    public string KindName => Kind switch
    {
        JKind.Object => "an object",
        JKind.Array => "an array",
        JKind.String => "a string",
        JKind.Number => "a number",
        JKind.True or JKind.False => "a boolean",
        _ => "null",
    };

    public JNode? this[string name]
    {
        get
        {
            foreach (var p in Properties)
            {
                if (p.Name == name)
                {
                    return p.Value;
                }
            }

            return null;
        }
    }
}

/// <summary>Reads JSON into <see cref="JNode"/>s with 1-based line and column (UTF-16 code units, as SARIF counts them).</summary>
internal static class LocatedJson
{
    public const long MaxFileBytes = 10 * 1024 * 1024;

    public static JNode ReadFile(string path, string displayName) => Parse(SafeFile.ReadAll(path, MaxFileBytes, displayName), displayName);

    public static JNode Parse(ReadOnlySpan<byte> bytes, string file)
    {
        if (bytes.StartsWith((ReadOnlySpan<byte>)[0xEF, 0xBB, 0xBF]))
        {
            bytes = bytes[3..];
        }

        var lines = new LineIndex(bytes);
        var invalid = FirstInvalidUtf8(bytes);
        if (invalid >= 0)
        {
            var (line, column) = lines.Position(invalid);
            throw new InputException($"the file is not valid UTF-8 (byte 0x{bytes[invalid]:X2})", file, line, column);
        }

        if (bytes.Trim((ReadOnlySpan<byte>)[(byte)' ', (byte)'\t', (byte)'\r', (byte)'\n']).IsEmpty)
        {
            throw new InputException("the file is empty; expected a JSON object", file);
        }

        var reader = new Utf8JsonReader(bytes, new JsonReaderOptions { CommentHandling = JsonCommentHandling.Disallow, MaxDepth = 64 });
        try
        {
            if (!reader.Read())
            {
                throw new InputException("the file is empty; expected a JSON object", file);
            }

            var root = ReadValue(ref reader, file, lines);
            if (reader.Read())
            {
                var (line, column) = lines.Position((int)reader.TokenStartIndex);
                throw new InputException("unexpected content after the end of the JSON value", file, line, column);
            }

            return root;
        }
        catch (JsonException ex)
        {
            var line = (int)(ex.LineNumber ?? 0) + 1;
            var column = (int)(ex.BytePositionInLine ?? 0) + 1;
            throw new InputException($"malformed JSON: {Describe(ex)}", file, line, lines.ColumnFromBytePosition(line, column));
        }
    }

    private static JNode ReadValue(ref Utf8JsonReader reader, string file, LineIndex lines)
    {
        var (line, column) = lines.Position((int)reader.TokenStartIndex);
        var location = new SourceLocation(file, line, column);
        switch (reader.TokenType)
        {
            case JsonTokenType.StartObject:
                var properties = new List<(string, SourceLocation, JNode)>();
                var names = new HashSet<string>(StringComparer.Ordinal);
                while (reader.Read() && reader.TokenType != JsonTokenType.EndObject)
                {
                    var (pl, pc) = lines.Position((int)reader.TokenStartIndex);
                    var name = Text(ref reader, file, pl, pc);
                    reader.Read();
                    var value = ReadValue(ref reader, file, lines);
                    if (!names.Add(name))
                    {
                        throw new InputException($"property \"{Excerpt.Of(name)}\" appears twice", file, pl, pc);
                    }

                    properties.Add((name, new SourceLocation(file, pl, pc), value));
                }

                return new JNode { Kind = JKind.Object, Location = location, Properties = properties };
            case JsonTokenType.StartArray:
                var items = new List<JNode>();
                while (reader.Read() && reader.TokenType != JsonTokenType.EndArray)
                {
                    items.Add(ReadValue(ref reader, file, lines));
                }

                return new JNode { Kind = JKind.Array, Location = location, Items = items };
            case JsonTokenType.String:
                return new JNode { Kind = JKind.String, Location = location, Text = Text(ref reader, file, line, column) };
            case JsonTokenType.Number:
                return new JNode { Kind = JKind.Number, Location = location, Text = Encoding.UTF8.GetString(reader.HasValueSequence ? reader.ValueSequence.ToArray() : reader.ValueSpan) };
            case JsonTokenType.True:
                return new JNode { Kind = JKind.True, Location = location };
            case JsonTokenType.False:
                return new JNode { Kind = JKind.False, Location = location };
            default:
                return new JNode { Kind = JKind.Null, Location = location };
        }
    }

    /// <summary>A string token's value; a lone UTF-16 surrogate escape (<c>\ud800</c>) cannot become text and is an input error.</summary>
    private static string Text(ref Utf8JsonReader reader, string file, int line, int column)
    {
        try
        {
            return reader.GetString()!;
        }
        catch (InvalidOperationException)
        {
            throw new InputException(LoneSurrogate, file, line, column);
        }
    }

    public const string LoneSurrogate = "a string holds an escape of a lone UTF-16 surrogate (such as \\ud800), which is not text";

    private static string Describe(JsonException ex)
    {
        var message = ex.Message;
        var cut = message.IndexOf(" LineNumber:", StringComparison.Ordinal);
        message = cut > 0 ? message[..cut] : message;
        return message.TrimEnd('.', ' ');
    }

    private static int FirstInvalidUtf8(ReadOnlySpan<byte> bytes)
    {
        var decoder = new UTF8Encoding(false, true);
        try
        {
            decoder.GetCharCount(bytes);
            return -1;
        }
        catch (DecoderFallbackException ex)
        {
            return ex.Index;
        }
    }

    /// <summary>Maps byte offsets to 1-based line and UTF-16 column.</summary>
    private sealed class LineIndex
    {
        private readonly byte[] _bytes;
        private readonly List<int> _starts = [0];
        private int _lastOffset;
        private int _lastLine;
        private int _lastColumn;

        public LineIndex(ReadOnlySpan<byte> bytes)
        {
            _bytes = bytes.ToArray();
            for (var i = 0; i < bytes.Length; i++)
            {
                if (bytes[i] == (byte)'\n')
                {
                    _starts.Add(i + 1);
                }
            }
        }

        public (int Line, int Column) Position(int offset)
        {
            var index = _starts.BinarySearch(offset);
            if (index < 0)
            {
                index = ~index - 1;
            }

            // Tokens come in order, so counting on from the last position keeps a huge one-line file linear.
            var column = index == _lastLine && offset >= _lastOffset
                ? _lastColumn + Utf16Length(_lastOffset, offset)
                : Utf16Length(_starts[index], offset);
            (_lastOffset, _lastLine, _lastColumn) = (offset, index, column);
            return (index + 1, column + 1);
        }

        public int ColumnFromBytePosition(int line, int bytePosition)
        {
            if (line < 1 || line > _starts.Count)
            {
                return bytePosition;
            }

            var start = _starts[line - 1];
            var end = Math.Min(_bytes.Length, start + bytePosition - 1);
            return Utf16Length(start, end) + 1;
        }

        private int Utf16Length(int from, int to)
        {
            if (to <= from)
            {
                return 0;
            }

            try
            {
                return Encoding.UTF8.GetCharCount(_bytes, from, to - from);
            }
            catch (DecoderFallbackException)
            {
                return to - from;
            }
        }
    }
}
