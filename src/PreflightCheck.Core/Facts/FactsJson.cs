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
        catch (JsonException ex)
        {
            var where = ex.Message.IndexOf(" Path:", StringComparison.Ordinal);
            var message = where > 0 ? ex.Message[..where] : ex.Message;
            throw new InputException($"not a preflight facts file: {message.TrimEnd('.')}", path, (int)(ex.LineNumber ?? 0) + 1, (int)(ex.BytePositionInLine ?? 0) + 1);
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
}
