using System.Text;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Registry;

/// <summary>Parses a <c>WWW-Authenticate</c> value (RFC 7235): a scheme, then token or quoted-string parameters, commas allowed inside quotes.</summary>
internal static class WwwAuthenticate
{
    public static RegistryAuthChallenge? Parse(string? header)
    {
        if (string.IsNullOrWhiteSpace(header))
        {
            return null;
        }

        var text = header.Trim();
        var space = text.IndexOf(' ', StringComparison.Ordinal);
        var scheme = space < 0 ? text : text[..space];
        var kind = scheme.ToLowerInvariant() switch
        {
            "basic" => AuthScheme.Basic,
            "bearer" => AuthScheme.Bearer,
            _ => AuthScheme.Other,
        };
        if (scheme.Length == 0 || scheme.Any(c => !(char.IsAsciiLetterOrDigit(c) || c is '-' or '_' or '.')))
        {
            return new RegistryAuthChallenge(AuthScheme.Other, Truncate(scheme), null, null, null, "the header is not a valid challenge");
        }

        if (space < 0)
        {
            return Challenge(kind, scheme, new Dictionary<string, string>(), null);
        }

        var parameters = new Dictionary<string, string>(StringComparer.OrdinalIgnoreCase);
        var error = ParseParameters(text[(space + 1)..], parameters);
        return Challenge(kind, scheme, parameters, error);
    }

    private static RegistryAuthChallenge Challenge(AuthScheme kind, string scheme, Dictionary<string, string> p, string? error)
    {
        p.TryGetValue("realm", out var realm);
        p.TryGetValue("service", out var service);
        p.TryGetValue("scope", out var scope);
        if (error is null && kind == AuthScheme.Bearer && string.IsNullOrEmpty(realm))
        {
            error = "the Bearer challenge has no realm";
        }

        return new RegistryAuthChallenge(kind, scheme, realm, service, scope, error);
    }

    private static string? ParseParameters(string s, Dictionary<string, string> into)
    {
        var i = 0;
        while (i < s.Length)
        {
            while (i < s.Length && (s[i] == ' ' || s[i] == ',' || s[i] == '\t'))
            {
                i++;
            }

            if (i >= s.Length)
            {
                break;
            }

            var start = i;
            while (i < s.Length && s[i] != '=' && s[i] != ',' && s[i] != ' ')
            {
                i++;
            }

            var name = s[start..i];
            if (i >= s.Length || s[i] != '=' || name.Length == 0)
            {
                return "a challenge parameter has no value";
            }

            i++;
            string value;
            if (i < s.Length && s[i] == '"')
            {
                i++;
                var sb = new StringBuilder();
                var closed = false;
                while (i < s.Length)
                {
                    var c = s[i++];
                    if (c == '\\' && i < s.Length)
                    {
                        sb.Append(s[i++]);
                    }
                    else if (c == '"')
                    {
                        closed = true;
                        break;
                    }
                    else
                    {
                        sb.Append(c);
                    }
                }

                if (!closed)
                {
                    return "a quoted challenge parameter is not closed";
                }

                value = sb.ToString();
            }
            else
            {
                start = i;
                while (i < s.Length && s[i] != ',' && s[i] != ' ')
                {
                    i++;
                }

                value = s[start..i];
            }

            into[name] = value;
        }

        return null;
    }

    private static string Truncate(string s) => s.Length > 40 ? s[..40] + "…" : s;
}
