using System.Text;
using System.Text.Encodings.Web;
using System.Text.Json;

namespace PreflightCheck.Reporting;

/// <summary>One JSON writer setup for every JSON-based format: indented, "\n" line ends whatever the platform, readable non-ASCII.</summary>
internal static class JsonOutput
{
    public static readonly JsonWriterOptions WriterOptions = new()
    {
        Indented = true,
        NewLine = "\n",
        // Relaxed keeps non-ASCII and '<', '&' readable; quotes, backslashes and control characters are still escaped.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>
    /// Streams the JSON into <paramref name="writer"/>: loops over results call <see cref="FlushIfLarge"/>, so a report of
    /// fifty thousand results never sits in memory as bytes, then as a string, then as a copy.
    /// </summary>
    public static void Write(TextWriter writer, Action<Utf8JsonWriter> write) =>
        WriteStream(writer, stream =>
        {
            using var json = new Utf8JsonWriter(stream, WriterOptions);
            write(json);
        });

    /// <summary>For serializers that write to a stream themselves (and flush as they go): the same UTF-8 to text bridge.</summary>
    public static void WriteStream(TextWriter writer, Action<Stream> write)
    {
        using (var sink = new TextWriterStream(writer))
        {
            write(sink);
        }

        writer.Write('\n');
    }

    public static void FlushIfLarge(Utf8JsonWriter json)
    {
        if (json.BytesPending > 64 * 1024)
        {
            json.Flush();
        }
    }

    /// <summary>UTF-8 bytes in, characters out to a <see cref="TextWriter"/>; the decoder keeps a character split across writes whole.</summary>
    private sealed class TextWriterStream(TextWriter writer) : Stream
    {
        private readonly Decoder _decoder = new UTF8Encoding(false, true).GetDecoder();
        private char[] _chars = new char[16 * 1024];

        public override bool CanRead => false;

        public override bool CanSeek => false;

        public override bool CanWrite => true;

        public override long Length => throw new NotSupportedException();

        public override long Position { get => throw new NotSupportedException(); set => throw new NotSupportedException(); }

        public override void Write(byte[] buffer, int offset, int count) => Write(buffer.AsSpan(offset, count));

        public override void Write(ReadOnlySpan<byte> buffer)
        {
            var needed = _decoder.GetCharCount(buffer, flush: false);
            if (needed > _chars.Length)
            {
                _chars = new char[needed];
            }

            var written = _decoder.GetChars(buffer, _chars, flush: false);
            writer.Write(_chars, 0, written);
        }

        public override void Flush() => writer.Flush();

        public override int Read(byte[] buffer, int offset, int count) => throw new NotSupportedException();

        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();

        public override void SetLength(long value) => throw new NotSupportedException();
    }
}
