using System.Text;

namespace PreflightCheck.Core.Rules;

/// <summary>Reads a rule document: a front matter block of <c>key: value</c> lines, then fixed sections.</summary>
internal static class RuleDocument
{
    private static readonly string[] RequiredKeys = ["id", "name", "title", "level", "area", "kind", "tags"];

    public static RuleMetadata Parse(string fileName, string text)
    {
        text = text.Replace("\r\n", "\n", StringComparison.Ordinal);
        var lines = text.Split('\n');
        if (lines.Length == 0 || lines[0] != "---")
        {
            throw new RuleDocumentException(fileName, 1, "the file must start with a '---' front matter line");
        }

        var front = new Dictionary<string, string>(StringComparer.Ordinal);
        var i = 1;
        for (; i < lines.Length && lines[i] != "---"; i++)
        {
            var line = lines[i];
            var colon = line.IndexOf(':', StringComparison.Ordinal);
            if (colon <= 0)
            {
                throw new RuleDocumentException(fileName, i + 1, $"front matter line is not 'key: value': '{line}'");
            }

            var key = line[..colon].Trim();
            if (!front.TryAdd(key, line[(colon + 1)..].Trim()))
            {
                throw new RuleDocumentException(fileName, i + 1, $"front matter key '{key}' appears twice");
            }
        }

        if (i >= lines.Length)
        {
            throw new RuleDocumentException(fileName, 1, "the front matter is not closed by a '---' line");
        }

        foreach (var key in RequiredKeys)
        {
            if (!front.ContainsKey(key))
            {
                throw new RuleDocumentException(fileName, 1, $"front matter lacks '{key}'");
            }
        }

        var body = string.Join('\n', lines[(i + 1)..]).Trim('\n') + "\n";
        var sections = ReadSections(fileName, lines, i + 1);
        foreach (var name in RuleMetadata.SectionNames)
        {
            if (!sections.TryGetValue(name, out var content) || content.Length == 0)
            {
                throw new RuleDocumentException(fileName, 1, $"section '## {name}' is missing or empty");
            }
        }

        var level = front["level"] switch
        {
            "error" => Level.Error,
            "warning" => Level.Warning,
            "note" => Level.Note,
            var other => throw new RuleDocumentException(fileName, 1, $"level '{other}' is not error, warning or note"),
        };

        var tagsText = front["tags"].Trim();
        if (!tagsText.StartsWith('[') || !tagsText.EndsWith(']'))
        {
            throw new RuleDocumentException(fileName, 1, "tags must be a list such as [security, tls]");
        }

        var tags = tagsText[1..^1].Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);

        return new RuleMetadata(
            front["id"],
            front["name"],
            front["title"],
            level,
            front["area"],
            front["kind"],
            tags,
            sections["Summary"],
            sections["Why it matters"],
            sections["How to fix"],
            sections["Example"],
            sections["Links"],
            body);
    }

    private static Dictionary<string, string> ReadSections(string fileName, string[] lines, int start)
    {
        var sections = new Dictionary<string, string>(StringComparer.Ordinal);
        string? current = null;
        var content = new StringBuilder();
        for (var i = start; i < lines.Length; i++)
        {
            var line = lines[i];
            if (line.StartsWith("## ", StringComparison.Ordinal))
            {
                Flush();
                current = line[3..].Trim();
                if (sections.ContainsKey(current))
                {
                    throw new RuleDocumentException(fileName, i + 1, $"section '## {current}' appears twice");
                }
            }
            else if (current is not null)
            {
                content.Append(line).Append('\n');
            }
        }

        Flush();
        return sections;

        void Flush()
        {
            if (current is not null)
            {
                sections[current] = content.ToString().Trim();
            }

            content.Clear();
        }
    }
}

internal sealed class RuleDocumentException(string file, int line, string message)
    : Exception($"{file}:{line}: {message}")
{
    public string File { get; } = file;

    public int Line { get; } = line;
}
