using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;
using PreflightCheck.Core;
using PreflightCheck.Core.Configuration;
using PreflightCheck.Core.Plan;
using PreflightCheck.Core.Rules;
using PreflightCheck.Inputs.Yaml;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace PreflightCheck.Inputs.Config;

/// <summary>
/// Reads <c>.preflight.yml</c> into a <see cref="PreflightConfig"/>, checking every rule id and pattern against the
/// catalogue. Any mistake is an <see cref="InputException"/> naming the file, line and column (1-based).
/// </summary>
internal static partial class ConfigFile
{
    public const string DefaultName = ".preflight.yml";
    private const long MaxFileBytes = 1024 * 1024;
    private const int MaxDepth = 32;

    private static readonly string[] TopKeys = ["suppressions", "levels", "disabledRules", "tls"];
    private static readonly string[] SuppressionKeys = ["rule", "target", "model", "justification", "expires"];
    private static readonly string[] TlsKeys = ["expiryWarningDays"];

    /// <summary>The explicit <c>--config</c> file, else <c>.preflight.yml</c> in <paramref name="workingDirectory"/> when present.</summary>
    public static PreflightConfig LoadFor(string? explicitPath, string workingDirectory, RuleCatalog catalog)
    {
        if (explicitPath is not null)
        {
            return Load(explicitPath, catalog);
        }

        var implicitPath = Path.Combine(workingDirectory, DefaultName);
        return File.Exists(implicitPath) ? Load(implicitPath, catalog, DefaultName) : PreflightConfig.Empty;
    }

    public static PreflightConfig Load(string path, RuleCatalog catalog, string? displayName = null)
    {
        var name = displayName ?? path;
        string text;
        try
        {
            text = new UTF8Encoding(false, true).GetString(SafeFile.ReadAll(path, MaxFileBytes, name));
        }
        catch (DecoderFallbackException)
        {
            throw new InputException("the file is not valid UTF-8", name);
        }

        return Parse(text, name, catalog);
    }

    public static PreflightConfig Parse(string text, string fileName, RuleCatalog catalog)
    {
        var stream = new YamlStream();
        var parser = new LocatedYaml.TrackingParser(new Parser(new StringReader(text)), fileName, MaxDepth);
        try
        {
            stream.Load(parser);
        }
        catch (YamlException ex)
        {
            throw new InputException($"malformed YAML: {StripMarks(ex.Message)}", fileName, (int)ex.Start.Line, (int)ex.Start.Column);
        }
        catch (InvalidOperationException)
        {
            // YamlDotNet's scanner throws this on a stray document end marker ("..." first) and some broken flow collections.
            throw LocatedYaml.At(fileName, parser.LastMark, "malformed YAML: the document cannot be read past this point (a stray '...' or an unclosed [ or {?)");
        }

        if (stream.Documents.Count > 1)
        {
            var second = stream.Documents[1].RootNode;
            throw At(fileName, second, "the file holds more than one YAML document; give one");
        }

        if (stream.Documents.Count == 0 || IsNull(stream.Documents[0].RootNode))
        {
            return PreflightConfig.Empty with { Source = fileName };
        }

        return new Reader(fileName, catalog).Read(stream.Documents[0].RootNode);
    }

    private sealed class Reader(string file, RuleCatalog catalog)
    {
        public PreflightConfig Read(YamlNode root)
        {
            var top = Mapping(root, "the configuration");
            var suppressions = new List<SuppressionEntry>();
            var levels = new Dictionary<string, Level>(StringComparer.Ordinal);
            var disabled = new List<string>();
            int? expiryDays = null;

            foreach (var (key, (_, value)) in Entries(top, "the configuration", TopKeys))
            {
                switch (key)
                {
                    case "suppressions":
                        var list = Sequence(value, "suppressions");
                        for (var i = 0; i < list.Count; i++)
                        {
                            suppressions.Add(ReadSuppression(list[i], $"suppressions[{i}]"));
                        }

                        break;
                    case "levels":
                        foreach (var (id, level) in Entries(Mapping(value, "levels"), "levels", null))
                        {
                            var ruleId = RuleId(level.Key, id, $"levels.{id}");
                            levels[ruleId] = ParseLevel(level.Value, $"levels.{id}");
                        }

                        break;
                    case "disabledRules":
                        var patterns = Sequence(value, "disabledRules");
                        for (var i = 0; i < patterns.Count; i++)
                        {
                            var pattern = Scalar(patterns[i], $"disabledRules[{i}]");
                            if (!RuleSelection.MatchesAny(pattern, catalog))
                            {
                                throw At(patterns[i], $"disabledRules[{i}] '{pattern}' matches no rule; 'preflight rules' lists them");
                            }

                            disabled.Add(pattern);
                        }

                        break;
                    case "tls":
                        foreach (var (tlsKey, tlsValue) in Entries(Mapping(value, "tls"), "tls", TlsKeys))
                        {
                            _ = tlsKey;
                            expiryDays = Integer(tlsValue.Value, "tls.expiryWarningDays", 0, 3650);
                        }

                        break;
                }
            }

            return new PreflightConfig(file, suppressions, levels, disabled, expiryDays);
        }

        private SuppressionEntry ReadSuppression(YamlNode node, string path)
        {
            var map = Mapping(node, path);
            string? rule = null, target = null, model = null, justification = null;
            DateOnly? expires = null;
            foreach (var (key, value) in Entries(map, path, SuppressionKeys))
            {
                switch (key)
                {
                    case "rule":
                        rule = RuleId(value.Value, Scalar(value.Value, $"{path}.rule"), $"{path}.rule");
                        break;
                    case "target":
                        target = NonEmpty(value.Value, $"{path}.target");
                        break;
                    case "model":
                        model = NonEmpty(value.Value, $"{path}.model");
                        break;
                    case "justification":
                        justification = NonEmpty(value.Value, $"{path}.justification");
                        break;
                    case "expires":
                        var text = Scalar(value.Value, $"{path}.expires");
                        if (!DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out var date))
                        {
                            throw At(value.Value, $"{path}.expires '{text}' is not a date (YYYY-MM-DD)");
                        }

                        expires = date;
                        break;
                }
            }

            if (rule is null)
            {
                throw At(map, $"{path} has no 'rule'; name the rule id it suppresses");
            }

            if (target is null)
            {
                throw At(map, $"{path} has no 'target'; name the target (a glob such as '*' is allowed)");
            }

            if (justification is null)
            {
                throw At(map, $"{path} has no 'justification'; every suppression must say why");
            }

            return new SuppressionEntry(rule, target, model, justification, expires, Location(map));
        }

        private string RuleId(YamlNode node, string id, string path)
        {
            if (!catalog.TryGet(id, out _))
            {
                throw At(node, $"{path}: unknown rule id '{id}'; 'preflight rules' lists them");
            }

            return id;
        }

        private Level ParseLevel(YamlNode node, string path) => Scalar(node, path) switch
        {
            "error" => Level.Error,
            "warning" => Level.Warning,
            "note" => Level.Note,
            var other => throw At(node, $"{path} '{other}' is not one of error, warning, note"),
        };

        private int Integer(YamlNode node, string path, int min, int max)
        {
            var text = Scalar(node, path);
            if (!int.TryParse(text, NumberStyles.None, CultureInfo.InvariantCulture, out var value))
            {
                throw At(node, $"{path} must be a whole number, got '{text}'");
            }

            if (value < min || value > max)
            {
                throw At(node, $"{path} must be between {min} and {max}, got {value}");
            }

            return value;
        }

        private string NonEmpty(YamlNode node, string path)
        {
            var text = Scalar(node, path);
            return string.IsNullOrWhiteSpace(text) ? throw At(node, $"{path} is empty") : text;
        }

        private string Scalar(YamlNode node, string path) => node is YamlScalarNode { Value: { } value } && !IsNull(node)
            ? value
            : throw At(node, $"{path} must be a single value, got {KindName(node)}");

        private YamlMappingNode Mapping(YamlNode node, string path) => node as YamlMappingNode
            ?? throw At(node, $"{path} must be a mapping (key: value), got {KindName(node)}");

        private IReadOnlyList<YamlNode> Sequence(YamlNode node, string path) => IsNull(node)
            ? []
            : (node as YamlSequenceNode)?.Children.ToArray() ?? throw At(node, $"{path} must be a list, got {KindName(node)}");

        private IEnumerable<(string Key, KeyValuePair<YamlNode, YamlNode> Entry)> Entries(YamlMappingNode map, string path, string[]? known)
        {
            foreach (var entry in map.Children)
            {
                var key = Scalar(entry.Key, $"a key of {path}");
                if (known is not null && !known.Contains(key, StringComparer.Ordinal))
                {
                    throw At(entry.Key, $"unknown key '{key}' in {path}; expected {string.Join(", ", known)}");
                }

                yield return (key, entry);
            }
        }

        private SourceLocation Location(YamlNode node) => new(file, (int)node.Start.Line, (int)node.Start.Column);

        private InputException At(YamlNode node, string message) => ConfigFile.At(file, node, message);
    }

    private static InputException At(string file, YamlNode node, string message) =>
        new(message, file, (int)node.Start.Line, (int)node.Start.Column);

    private static bool IsNull(YamlNode node) =>
        node is YamlScalarNode { Style: ScalarStyle.Plain, Value: null or "" or "~" or "null" or "Null" or "NULL" };

    private static string KindName(YamlNode node) => node switch
    {
        _ when IsNull(node) => "nothing",
        YamlMappingNode => "a mapping",
        YamlSequenceNode => "a list",
        _ => "a value",
    };

    // YamlDotNet prefixes its message with the marks; the file:line:col prefix already says where.
    private static string StripMarks(string message) => MarksPrefix().Replace(message, "").TrimEnd('.');

    [GeneratedRegex(@"^\(Line: \d+, Col: \d+, Idx: \d+\) - \(Line: \d+, Col: \d+, Idx: \d+\): ")]
    private static partial Regex MarksPrefix();
}
