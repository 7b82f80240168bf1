using System.Text.Json;
using System.Text.Json.Serialization;

namespace PreflightCheck.Core.Facts;

[JsonSourceGenerationOptions(
    PropertyNamingPolicy = JsonKnownNamingPolicy.CamelCase,
    UseStringEnumConverter = true,
    WriteIndented = true,
    DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    RespectNullableAnnotations = true)]
[JsonSerializable(typeof(FactsSnapshot))]
internal sealed partial class FactsJsonContext : JsonSerializerContext;

/// <summary>Writes and reads snapshots (<c>--save-facts</c>, <c>--facts</c>); the file itself is read by the inputs.</summary>
internal static class FactsJson
{
    public static string Serialize(FactsSnapshot facts) => JsonSerializer.Serialize(facts, FactsJsonContext.Default.FactsSnapshot);

    /// <summary>The most a facts file may hold (a 1,000-model scan writes about 35 MB).</summary>
    public const long MaxFileBytes = 256L * 1024 * 1024;

    /// <param name="path">Names the file in error messages only.</param>
    public static FactsSnapshot Parse(byte[] bytes, string path)
    {
        if (bytes.Length == 0)
        {
            throw new InputException("the facts file is empty", path);
        }

        FactsSnapshot? facts;
        try
        {
            facts = JsonSerializer.Deserialize(bytes, FactsJsonContext.Default.FactsSnapshot);
        }
        catch (Exception ex) when (ex is JsonException or InvalidOperationException)
        {
            // System.Text.Json refuses a lone surrogate escape (\ud800) with an InvalidOperationException, sometimes wrapped,
            // never saying where.
            if ((ex as InvalidOperationException ?? ex.InnerException as InvalidOperationException) is not null
                && LoneSurrogate(bytes) is ({ } line, { } column))
            {
                throw new InputException("not a preflight facts file: a string holds an escape of a lone UTF-16 surrogate (such as \\ud800), which is not text", path, line, column);
            }

            if (ex is not JsonException json)
            {
                throw;
            }

            var where = json.Message.IndexOf(" Path:", StringComparison.Ordinal);
            var message = where > 0 ? json.Message[..where] : json.Message;
            throw new InputException($"not a preflight facts file: {Excerpt.Of(message.TrimEnd('.'), 200)}", path, (int)(json.LineNumber ?? 0) + 1, (int)(json.BytePositionInLine ?? 0) + 1);
        }

        if (facts is null)
        {
            throw new InputException("not a preflight facts file: the file holds null", path);
        }

        if (facts.SchemaVersion != FactsSnapshot.CurrentSchemaVersion)
        {
            throw new InputException($"facts schema version {facts.SchemaVersion} is not supported (this preflight reads {FactsSnapshot.CurrentSchemaVersion})", path);
        }

        return facts;
    }

    private static (int? Line, int? Column) LoneSurrogate(byte[] bytes)
    {
        var reader = new Utf8JsonReader(bytes);
        var line = 1;
        var lineStart = 0;
        try
        {
            while (reader.Read())
            {
                if (reader.TokenType is JsonTokenType.String or JsonTokenType.PropertyName && reader.ValueIsEscaped)
                {
                    try
                    {
                        _ = reader.GetString();
                    }
                    catch (InvalidOperationException)
                    {
                        var at = (int)reader.TokenStartIndex;
                        for (var i = lineStart; i < at; i++)
                        {
                            if (bytes[i] == (byte)'\n')
                            {
                                line++;
                                lineStart = i + 1;
                            }
                        }

                        return (line, at - lineStart + 1);
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        return (null, null);
    }
}
