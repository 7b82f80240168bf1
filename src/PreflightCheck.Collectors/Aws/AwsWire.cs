using System.Text;
using System.Text.Json;
using System.Xml.Linq;

namespace PreflightCheck.Collectors.Aws;

/// <summary>Error bodies of the JSON and query protocols, and endpoint defaults.</summary>
internal static class AwsWire
{
    public static (string? Code, string? Message) JsonError(int status, HttpResponseMessage response, byte[] body)
    {
        string? code = null;
        string? message = null;
        if (response.Headers.TryGetValues("x-amzn-ErrorType", out var values))
        {
            code = values.FirstOrDefault()?.Split(':')[0];
        }

        try
        {
            using var doc = JsonDocument.Parse(body);
            if (doc.RootElement.ValueKind == JsonValueKind.Object)
            {
                foreach (var property in doc.RootElement.EnumerateObject())
                {
                    if (property.Value.ValueKind != JsonValueKind.String)
                    {
                        continue;
                    }

                    switch (property.Name)
                    {
                        case "__type" or "Type" or "code" or "Code" when code is null:
                            code = property.Value.GetString();
                            break;
                        case "message" or "Message" or "errorMessage":
                            message = property.Value.GetString();
                            break;
                    }
                }
            }
        }
        catch (JsonException)
        {
        }

        if (code is not null)
        {
            code = code[(code.LastIndexOf('#') + 1)..];
        }

        return (code, message ?? (body.Length > 0 ? null : $"HTTP {status}"));
    }

    public static (string? Code, string? Message) XmlError(int status, HttpResponseMessage response, byte[] body)
    {
        try
        {
            var doc = XDocument.Parse(Encoding.UTF8.GetString(body));
            var error = doc.Descendants().FirstOrDefault(e => e.Name.LocalName == "Error");
            return (Child(error, "Code"), Child(error, "Message"));
        }
        catch (System.Xml.XmlException)
        {
            return (null, $"HTTP {status}");
        }
    }

    public static string? Child(XElement? parent, string name) =>
        parent?.Elements().FirstOrDefault(e => e.Name.LocalName == name)?.Value;

    public static IEnumerable<XElement> Children(XElement? parent, string name) =>
        parent?.Elements().Where(e => e.Name.LocalName == name) ?? [];

    public static IEnumerable<XElement> Members(XElement? parent, string listName) =>
        Children(Children(parent, listName).FirstOrDefault(), "member");

    public static string DnsSuffix(string region) =>
        Core.Aws.AwsArn.PartitionOfRegion(region) == "aws-cn" ? "amazonaws.com.cn" : "amazonaws.com";

    public static string Query(IEnumerable<KeyValuePair<string, string>> parameters) =>
        string.Join("&", parameters.Select(p => $"{Uri.EscapeDataString(p.Key)}={Uri.EscapeDataString(p.Value)}"));

    public static string? Str(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.String ? v.GetString() : null;

    public static int? Int(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) && v.ValueKind == JsonValueKind.Number && v.TryGetInt32(out var i) ? i : null;

    public static JsonElement Obj(JsonElement e, string name) =>
        e.ValueKind == JsonValueKind.Object && e.TryGetProperty(name, out var v) ? v : default;

    public static IReadOnlyList<string> Strings(JsonElement e, string name) =>
        Obj(e, name) is { ValueKind: JsonValueKind.Array } a ? a.EnumerateArray().Where(x => x.ValueKind == JsonValueKind.String).Select(x => x.GetString()!).ToArray() : [];
}
