using System.Globalization;
using PreflightCheck.Core;
using PreflightCheck.Core.Plan;

namespace PreflightCheck.Inputs.Json;

/// <summary>Typed access to a <see cref="JNode"/> that turns every shape mistake into an <see cref="InputException"/> at its location.</summary>
internal static class JShape
{
    public static JNode Object(JNode node, string what)
    {
        if (node.Kind != JKind.Object)
        {
            throw Wrong(node, what, "an object");
        }

        return node;
    }

    public static void OnlyKnown(JNode obj, string what, IReadOnlyCollection<string> known)
    {
        foreach (var (name, location, _) in obj.Properties)
        {
            if (!known.Contains(name))
            {
                var hint = known.FirstOrDefault(k => string.Equals(k, name, StringComparison.OrdinalIgnoreCase));
                var message = hint is null
                    ? $"unknown property \"{name}\" in {what}"
                    : $"unknown property \"{name}\" in {what}; did you mean \"{hint}\"? (names are case-sensitive)";
                throw new InputException(message, location.File, location.Line, location.Column);
            }
        }
    }

    public static JNode? Optional(JNode obj, string name) => obj[name] is { Kind: not JKind.Null } value ? value : null;

    public static Located<string>? String(JNode obj, string name, string what)
    {
        var node = Optional(obj, name);
        if (node is null)
        {
            return null;
        }

        if (node.Kind != JKind.String)
        {
            throw Wrong(node, $"{what}.{name}", "a string");
        }

        return new Located<string>(node.Text!, node.Location);
    }

    public static bool Bool(JNode obj, string name, string what)
    {
        var node = Optional(obj, name);
        return node switch
        {
            null => false,
            { Kind: JKind.True } => true,
            { Kind: JKind.False } => false,
            _ => throw Wrong(node, $"{what}.{name}", "a boolean"),
        };
    }

    public static int? Int(JNode obj, string name, string what)
    {
        var node = Optional(obj, name);
        if (node is null)
        {
            return null;
        }

        if (node.Kind != JKind.Number || !int.TryParse(node.Text, NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out var value))
        {
            throw Wrong(node, $"{what}.{name}", "an integer");
        }

        return value;
    }

    public static IReadOnlyList<JNode> Array(JNode obj, string name, string what)
    {
        var node = Optional(obj, name);
        if (node is null)
        {
            return [];
        }

        if (node.Kind != JKind.Array)
        {
            throw Wrong(node, $"{what}.{name}", "an array");
        }

        return node.Items;
    }

    public static IReadOnlyList<Located<string>> StringArray(JNode obj, string name, string what)
    {
        var items = Array(obj, name, what);
        var result = new List<Located<string>>(items.Count);
        for (var i = 0; i < items.Count; i++)
        {
            if (items[i].Kind != JKind.String)
            {
                throw Wrong(items[i], $"{what}.{name}[{i}]", "a string");
            }

            result.Add(new Located<string>(items[i].Text!, items[i].Location));
        }

        return result;
    }

    public static InputException Wrong(JNode node, string what, string expected) =>
        new($"\"{what}\" must be {expected}, got {node.KindName}", node.Location.File, node.Location.Line, node.Location.Column);

    public static InputException At(SourceLocation location, string message) =>
        new(message, location.File, location.Line, location.Column);
}
