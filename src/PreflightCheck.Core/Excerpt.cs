using System.Text;

namespace PreflightCheck.Core;

/// <summary>Input text quoted in a one-line message: control characters escaped, length capped.</summary>
internal static class Excerpt
{
    public const int MaxQuoted = 80;

    public static string Of(string text, int max = MaxQuoted) =>
        OneLine(text.Length > max ? text[..max] + "…" : text);

    /// <summary>Escapes line breaks and other control characters so a message stays on one line.</summary>
    public static string OneLine(string text)
    {
        var clean = true;
        foreach (var c in text)
        {
            if (char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c))
            {
                clean = false;
                break;
            }
        }

        if (clean)
        {
            return text;
        }

        var builder = new StringBuilder(text.Length + 8);
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (char.IsHighSurrogate(c) && i + 1 < text.Length && char.IsLowSurrogate(text[i + 1]))
            {
                builder.Append(c).Append(text[++i]);
                continue;
            }

            _ = c switch
            {
                '\n' => builder.Append("\\n"),
                '\r' => builder.Append("\\r"),
                '\t' => builder.Append("\\t"),
                _ when char.IsControl(c) || c is '\u2028' or '\u2029' || char.IsSurrogate(c) => builder.Append($"\\u{(int)c:x4}"),
                _ => builder.Append(c),
            };
        }

        return builder.ToString();
    }
}
