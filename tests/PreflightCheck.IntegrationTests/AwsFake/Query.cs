using System.Globalization;
using System.Net;
using System.Text;
using System.Xml.Linq;
using Microsoft.AspNetCore.Http;

namespace PreflightCheck.IntegrationTests.AwsFake;

/// <summary>Parsing and rendering shared by the query protocols (EC2, STS, IAM).</summary>
internal static class Query
{
    public static async Task<AwsRequest> ParseAsync(HttpContext context)
    {
        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        foreach (var (key, value) in context.Request.Query)
        {
            parameters[key] = value.ToString();
        }

        if (context.Request.HasFormContentType)
        {
            var form = await context.Request.ReadFormAsync(context.RequestAborted);
            foreach (var (key, value) in form)
            {
                parameters[key] = value.ToString();
            }
        }

        if (!parameters.Remove("Action", out var action) || string.IsNullOrEmpty(action))
        {
            throw new AwsError(400, "MissingAction", "The request must contain the parameter Action.");
        }

        parameters.Remove("Version");
        return new AwsRequest(action, parameters);
    }

    /// <summary>Values of PREFIX.1, PREFIX.2, … (EC2 flattened lists; for IAM pass "Name.member").</summary>
    public static List<string> List(this AwsRequest request, string prefix)
    {
        var values = new SortedDictionary<int, string>();
        var start = prefix + ".";
        foreach (var (key, value) in request.Parameters)
        {
            if (key.StartsWith(start, StringComparison.OrdinalIgnoreCase) &&
                int.TryParse(key.AsSpan(start.Length), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                values[n] = value;
            }
        }

        return [.. values.Values];
    }

    /// <summary>Indexes N present under PREFIX.N.* (structured list members).</summary>
    public static List<int> Indexes(this AwsRequest request, string prefix)
    {
        var start = prefix + ".";
        var set = new SortedSet<int>();
        foreach (var key in request.Parameters.Keys)
        {
            if (!key.StartsWith(start, StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            var rest = key[start.Length..];
            var dot = rest.IndexOf('.', StringComparison.Ordinal);
            if (dot > 0 && int.TryParse(rest.AsSpan(0, dot), NumberStyles.None, CultureInfo.InvariantCulture, out var n))
            {
                set.Add(n);
            }
        }

        return [.. set];
    }

    public static string? Get(this AwsRequest request, string name) =>
        request.Parameters.TryGetValue(name, out var value) ? value : null;

    public static string Require(this AwsRequest request, string name) =>
        request.Get(name) ?? throw new AwsError(400, "MissingParameter", $"The request must contain the parameter {name}");

    public static async Task WriteXmlAsync(HttpContext context, XElement root, int status = 200)
    {
        context.Response.StatusCode = status;
        context.Response.ContentType = "text/xml;charset=UTF-8";
        var text = "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n" + root.ToString(SaveOptions.DisableFormatting);
        await context.Response.WriteAsync(text, Encoding.UTF8, context.RequestAborted);
    }

    /// <summary>IAM returns policy documents percent-encoded inside XML.</summary>
    public static string IamEncode(string document) => WebUtility.UrlEncode(document).Replace("+", "%20", StringComparison.Ordinal);

    public static string Iso(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    public static string Bool(bool value) => value ? "true" : "false";

    /// <summary>Case-insensitive glob with * and ?, as EC2 filter values and IAM actions use.</summary>
    public static bool Glob(string pattern, string value, bool ignoreCase)
    {
        var comparison = ignoreCase ? StringComparison.OrdinalIgnoreCase : StringComparison.Ordinal;
        return GlobAt(pattern, 0, value, 0, comparison);
    }

    private static bool GlobAt(string p, int i, string v, int j, StringComparison comparison)
    {
        while (i < p.Length)
        {
            var c = p[i];
            if (c == '*')
            {
                while (i < p.Length && p[i] == '*')
                {
                    i++;
                }

                if (i == p.Length)
                {
                    return true;
                }

                for (var k = j; k <= v.Length; k++)
                {
                    if (GlobAt(p, i, v, k, comparison))
                    {
                        return true;
                    }
                }

                return false;
            }

            if (j >= v.Length)
            {
                return false;
            }

            if (c != '?' && string.Compare(p, i, v, j, 1, comparison) != 0)
            {
                return false;
            }

            i++;
            j++;
        }

        return j == v.Length;
    }
}
