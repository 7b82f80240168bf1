using System.Globalization;

namespace PreflightCheck.Core.Images;

/// <summary>
/// A single left-to-right pass over the reference grammar of github.com/distribution/reference
/// (<c>name[:tag][@digest]</c>), split into registry host and path the way <c>ParseNormalizedNamed</c> does.
/// It accepts what Go accepts, except where noted, and names the first index that breaks the grammar.
/// Stricter than Go, on purpose, because the deployment would fail later and less clearly:
/// a first component that Docker takes for a host ('.', ':', upper case, localhost) must be a valid host
/// (Go then falls back to reading it as a path with no domain); the port must be 1-65535;
/// the digest must be sha256 with 64, sha384 with 96 or sha512 with 128 lower-case hex digits (go-digest registers
/// exactly these three; PFC-IMG-001);
/// and the whole text must be at most 255 characters (CreateModel).
/// As in ParseNormalizedNamed, a bare 64-hex string is refused and the 255-character repository limit counts the
/// <c>library/</c> that Docker Hub names get. Checked against the Go library's own verdicts in the tests.
/// </summary>
internal static class ImageReferenceParser
{
    public static ImageReferenceParseResult Parse(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var error = TryParse(text, out var reference);
        return error is null ? ImageReferenceParseResult.Ok(reference!) : ImageReferenceParseResult.Fail(error);
    }

    private static ImageReferenceError? TryParse(string text, out ImageReference? reference)
    {
        reference = null;
        if (text.Length == 0)
        {
            return new("repository name must have at least one component: the image reference is empty", 0);
        }

        var charError = CheckCharacters(text);
        if (charError is not null)
        {
            // Trailing whitespace hides nothing before it, so report an earlier mistake first: one fix at a time is slow.
            if (charError.Index > 0 && IsAllWhitespace(text.AsSpan(charError.Index)))
            {
                return TryParse(text[..charError.Index], out _) ?? charError;
            }

            return charError;
        }

        if (text.Length == 64 && IsLowerHex(text.AsSpan()))
        {
            return new("invalid repository name: a bare 64-character hexadecimal string is an image ID, not a reference", 0);
        }

        var at = text.IndexOf('@');
        var nameEnd = at < 0 ? text.Length : at;
        if (nameEnd == 0)
        {
            return new("invalid reference format: repository name is missing before '@'", 0);
        }

        string? domain = null;
        string? host = null;
        int? port = null;
        var pathStart = 0;
        var firstSlash = text.IndexOf('/', 0, nameEnd);
        if (firstSlash >= 0)
        {
            var first = text.AsSpan(0, firstSlash);
            var reason = ExplicitHostReason(first);
            if (reason is not null)
            {
                var domainError = ParseDomain(text, firstSlash, reason, out var hostEnd, out port);
                if (domainError is not null)
                {
                    return domainError;
                }

                domain = text[..firstSlash];
                host = hostEnd == firstSlash ? domain : text[..hostEnd];
                pathStart = firstSlash + 1;
            }
        }

        var pathError = ParsePath(text, pathStart, nameEnd, domain, out var pathEnd);
        if (pathError is not null)
        {
            return pathError;
        }

        string? tag = null;
        if (pathEnd < nameEnd)
        {
            var tagError = ParseTag(text, pathEnd + 1, nameEnd);
            if (tagError is not null)
            {
                return tagError;
            }

            tag = text[(pathEnd + 1)..nameEnd];
        }

        string? algorithm = null;
        string? hex = null;
        if (at >= 0)
        {
            var digestError = ValidateDigest(text, at + 1, text.Length, out algorithm, out hex);
            if (digestError is not null)
            {
                return digestError;
            }
        }

        var pathLength = pathEnd - pathStart;
        var added = ImageReference.GetsOfficialPrefix(domain, text.AsSpan(pathStart, pathLength)) ? ImageReference.OfficialRepositoryPrefix.Length : 0;
        if (pathLength + added > ImageReference.MaxRepositoryNameLength)
        {
            return new(
                $"repository name must not be more than {ImageReference.MaxRepositoryNameLength} characters, got {pathLength + added}" +
                (added > 0 ? $" (with the '{ImageReference.OfficialRepositoryPrefix}' Docker adds)" : ""),
                pathStart + Math.Max(0, ImageReference.MaxRepositoryNameLength - added));
        }

        if (text.Length > ImageReference.MaxImageLength)
        {
            return new(
                $"image reference is {text.Length} characters long; CreateModel accepts at most {ImageReference.MaxImageLength}",
                ImageReference.MaxImageLength);
        }

        reference = new ImageReference(text, domain, host, port, text[pathStart..pathEnd], tag, algorithm, hex);
        return null;
    }

    /// <summary>Validates <c>algorithm:hex</c> in text[start..end); indexes in errors are indexes into <paramref name="text"/>.</summary>
    internal static ImageReferenceError? ValidateDigest(string text, int start, int end, out string? algorithm, out string? hex)
    {
        algorithm = null;
        hex = null;
        if (start == end)
        {
            return new("digest is missing after '@'", start);
        }

        var colon = text.IndexOf(':', start, end - start);
        if (colon < 0)
        {
            var bad = FirstNotIn(text, start, end, IsAlgorithmChar);
            return bad >= 0
                ? new($"invalid character {Describe(text, bad)} in digest algorithm", bad)
                : new("digest must have the form <algorithm>:<hex>; there is no ':'", end);
        }

        if (colon == start)
        {
            return new("digest algorithm is missing before ':'", start);
        }

        // algorithm: [A-Za-z][A-Za-z0-9]*(?:[-_+.][A-Za-z][A-Za-z0-9]*)*
        var expectLetter = true;
        for (var i = start; i < colon; i++)
        {
            var c = text[i];
            if (expectLetter)
            {
                if (!char.IsAsciiLetter(c))
                {
                    return IsAlgorithmSeparator(c) || char.IsAsciiDigit(c)
                        ? new($"digest algorithm component must start with a letter, got {Describe(text, i)}", i)
                        : new($"invalid character {Describe(text, i)} in digest algorithm", i);
                }

                expectLetter = false;
            }
            else if (IsAlgorithmSeparator(c))
            {
                expectLetter = true;
            }
            else if (!char.IsAsciiLetterOrDigit(c))
            {
                return new($"invalid character {Describe(text, i)} in digest algorithm", i);
            }
        }

        if (expectLetter)
        {
            return new("digest algorithm must not end with a separator", colon - 1);
        }

        var alg = text[start..colon];
        var expected = alg switch
        {
            "sha256" => 64,
            "sha384" => 96,
            "sha512" => 128,
            _ => 0,
        };
        if (expected == 0)
        {
            return new($"unsupported digest algorithm '{alg}'; use sha256, sha384 or sha512", start);
        }

        var hexStart = colon + 1;
        if (hexStart == end)
        {
            return new($"digest {alg} has no hex characters after ':'", hexStart);
        }

        var firstUpper = -1;
        for (var i = hexStart; i < end; i++)
        {
            var c = text[i];
            if (!char.IsAsciiHexDigit(c))
            {
                return new($"invalid character {Describe(text, i)} in digest hex", i);
            }

            if (firstUpper < 0 && char.IsAsciiHexDigitUpper(c) && !char.IsAsciiDigit(c))
            {
                firstUpper = i;
            }
        }

        var length = end - hexStart;
        if (length != expected)
        {
            return new($"digest {alg} must have {expected} hex characters, got {length}", length > expected ? hexStart + expected : end);
        }

        if (firstUpper >= 0)
        {
            return new($"digest hex must be lower-case, got {Describe(text, firstUpper)}", firstUpper);
        }

        algorithm = alg;
        hex = text[hexStart..end];
        return null;
    }

    private static ImageReferenceError? CheckCharacters(string text)
    {
        for (var i = 0; i < text.Length; i++)
        {
            var c = text[i];
            if (c > 0x7E || c < 0x21)
            {
                if (c > 0x7F)
                {
                    return new($"non-ASCII character {Describe(text, i)}; image references are ASCII only", i);
                }

                if (i > 0 && IsAllWhitespace(text.AsSpan(i)))
                {
                    return new($"trailing {Describe(text, i)} after the reference; remove trailing whitespace and line breaks", i);
                }

                return i == 0
                    ? new($"leading {Describe(text, i)} before the reference", i)
                    : new($"{Describe(text, i)} inside the reference", i);
            }
        }

        return null;
    }

    /// <summary>Docker's rule (splitDockerDomain): why the part before the first '/' is a registry host, or null when it is not.</summary>
    private static string? ExplicitHostReason(ReadOnlySpan<char> first)
    {
        if (first.SequenceEqual("localhost"))
        {
            return "it is 'localhost'";
        }

        if (first.Contains('.'))
        {
            return "it contains '.'";
        }

        if (first.Contains(':'))
        {
            return "it contains ':'";
        }

        foreach (var c in first)
        {
            if (char.IsAsciiLetterUpper(c))
            {
                return "it contains an upper-case letter";
            }
        }

        return null;
    }

    private static ImageReferenceError? ParseDomain(string text, int end, string reason, out int hostEnd, out int? port)
    {
        hostEnd = 0;
        port = null;
        if (end == 0)
        {
            return new("registry host is empty before '/'", 0);
        }

        var context = new HostContext(text, end, reason);

        int i;
        if (text[0] == '[')
        {
            var close = text.IndexOf(']', 1, end - 1);
            if (close < 0)
            {
                return new($"IPv6 address in {context.Name} has no closing ']'{context.Why}", end);
            }

            if (close == 1)
            {
                return new("IPv6 address between '[' and ']' is empty", 1);
            }

            for (var k = 1; k < close; k++)
            {
                if (!char.IsAsciiHexDigit(text[k]) && text[k] != ':')
                {
                    return new($"invalid character {Describe(text, k)} in the IPv6 address of {context.Name}: only hex digits and ':' are allowed (no zone, no embedded IPv4){context.Why}", k);
                }
            }

            i = close + 1;
        }
        else
        {
            i = 0;
            while (true)
            {
                if (i == end || text[i] == '.' || text[i] == ':')
                {
                    return new($"empty label in {context.Name}{context.Why}", i);
                }

                if (text[i] == '-')
                {
                    return new($"a label of {context.Name} must not start with '-'{context.Why}", i);
                }

                if (!char.IsAsciiLetterOrDigit(text[i]))
                {
                    return new($"invalid character {Describe(text, i)} in {context.Name}{context.Why}", i);
                }

                while (i < end && (char.IsAsciiLetterOrDigit(text[i]) || text[i] == '-'))
                {
                    i++;
                }

                if (text[i - 1] == '-')
                {
                    return new($"a label of {context.Name} must not end with '-'{context.Why}", i - 1);
                }

                if (i < end && text[i] == '.')
                {
                    i++;
                    continue;
                }

                break;
            }
        }

        hostEnd = i;
        if (i == end)
        {
            return null;
        }

        if (text[i] != ':')
        {
            return new($"invalid character {Describe(text, i)} in {context.Name}{context.Why}", i);
        }

        var portStart = i + 1;
        if (portStart == end)
        {
            return new($"port is empty after ':' in {context.Name}{context.Why}", portStart);
        }

        var value = 0;
        for (var k = portStart; k < end; k++)
        {
            if (!char.IsAsciiDigit(text[k]))
            {
                return new($"port of {context.Name} must be decimal digits, got {Describe(text, k)}{context.Why}", k);
            }

            value = Math.Min(value * 10 + (text[k] - '0'), 100_000);
        }

        if (value is 0 or > 65535)
        {
            return new($"port {text[portStart..end]} of {context.Name} is out of range 1-65535{context.Why}", portStart);
        }

        port = value;
        return null;
    }

    /// <summary>Names the host and why it is one, built only when a message needs it.</summary>
    private readonly record struct HostContext(string Text, int End, string Reason)
    {
        public string Name => $"registry host '{Text[..End]}'";

        public string Why => $" (Docker reads the part before the first '/' as a registry host because {Reason})";
    }

    /// <summary>
    /// Path components <c>[a-z0-9]+(?:(?:[._]|__|[-]+)[a-z0-9]+)*</c> joined by '/', from start up to the tag ':' or end;
    /// pathEnd is the index of that ':' (or end).
    /// </summary>
    private static ImageReferenceError? ParsePath(string text, int start, int end, string? domain, out int pathEnd)
    {
        pathEnd = end;
        var i = start;
        while (true)
        {
            if (i == end || text[i] == '/' || text[i] == ':')
            {
                if (i == start)
                {
                    if (domain is not null)
                    {
                        return new($"repository path is missing after registry host '{domain}'", i);
                    }

                    return i < end && text[i] == ':'
                        ? new("invalid reference format: repository name is missing before ':'", i)
                        : new("invalid reference format: repository name must not start with '/'", i);
                }

                return i < end && text[i] == '/'
                    ? new("repository path has an empty component ('//')", i)
                    : new("repository path must not end with '/'", i - 1);
            }

            var c = text[i];
            if (!IsLowerAlnum(c))
            {
                return BadPathChar(text, i, "a path component must start with a lower-case letter or digit");
            }

            while (true)
            {
                while (i < end && IsLowerAlnum(text[i]))
                {
                    i++;
                }

                if (i == end || !IsPathSeparator(text[i]))
                {
                    break;
                }

                var sepStart = i;
                while (i < end && IsPathSeparator(text[i]))
                {
                    i++;
                }

                if (!IsValidSeparator(text.AsSpan(sepStart, i - sepStart)))
                {
                    return new(
                        $"invalid separator '{text[sepStart..i]}' in repository path; allowed between letters and digits: one '.', one or two '_', or any number of '-'",
                        sepStart);
                }

                if (i == end || !IsLowerAlnum(text[i]))
                {
                    if (i < end && char.IsAsciiLetterUpper(text[i]))
                    {
                        return Uppercase(text, i);
                    }

                    if (i == end || text[i] == '/' || text[i] == ':')
                    {
                        return new($"a path component must end with a lower-case letter or digit, not '{text[i - 1]}'", i - 1);
                    }

                    return BadPathChar(text, i, "");
                }
            }

            if (i == end)
            {
                return null;
            }

            switch (text[i])
            {
                case '/':
                    i++;
                    continue;
                case ':':
                    pathEnd = i;
                    return null;
                default:
                    return BadPathChar(text, i, "");
            }
        }
    }

    private static ImageReferenceError BadPathChar(string text, int i, string rule)
    {
        var c = text[i];
        if (char.IsAsciiLetterUpper(c))
        {
            return Uppercase(text, i);
        }

        if (rule.Length > 0 && IsPathSeparator(c))
        {
            return new($"{rule}, not '{c}'", i);
        }

        return new($"invalid character {Describe(text, i)} in repository path", i);
    }

    private static ImageReferenceError Uppercase(string text, int i) =>
        new($"repository name must be lowercase, got {Describe(text, i)}", i);

    /// <summary>Tag <c>[\w][\w.-]{0,127}</c> with \w = [A-Za-z0-9_].</summary>
    private static ImageReferenceError? ParseTag(string text, int start, int end)
    {
        if (start == end)
        {
            return new("tag is empty after ':'", start);
        }

        if (text[start] is '.' or '-')
        {
            return new($"tag must start with a letter, digit or '_', not '{text[start]}'", start);
        }

        for (var i = start; i < end; i++)
        {
            var c = text[i];
            if (!(char.IsAsciiLetterOrDigit(c) || c is '_' or '.' or '-'))
            {
                return c switch
                {
                    '/' => new("tag must not contain '/' (a ':' before the last '/' is allowed only as the registry port)", i),
                    ':' => new("tag must not contain ':'", i),
                    _ => new($"invalid character {Describe(text, i)} in tag", i),
                };
            }
        }

        var length = end - start;
        return length > ImageReference.MaxTagLength
            ? new($"tag is longer than {ImageReference.MaxTagLength} characters, got {length}", start + ImageReference.MaxTagLength)
            : null;
    }

    private static bool IsValidSeparator(ReadOnlySpan<char> separator)
    {
        if (separator is "." or "_" or "__")
        {
            return true;
        }

        foreach (var c in separator)
        {
            if (c != '-')
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsLowerAlnum(char c) => char.IsAsciiLetterLower(c) || char.IsAsciiDigit(c);

    private static bool IsPathSeparator(char c) => c is '.' or '_' or '-';

    private static bool IsAlgorithmSeparator(char c) => c is '-' or '_' or '+' or '.';

    private static bool IsAlgorithmChar(char c) => char.IsAsciiLetterOrDigit(c) || IsAlgorithmSeparator(c);

    private static bool IsLowerHex(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsAsciiHexDigitLower(c) && !char.IsAsciiDigit(c))
            {
                return false;
            }
        }

        return true;
    }

    private static bool IsAllWhitespace(ReadOnlySpan<char> span)
    {
        foreach (var c in span)
        {
            if (!char.IsWhiteSpace(c))
            {
                return false;
            }
        }

        return true;
    }

    private static int FirstNotIn(string text, int start, int end, Func<char, bool> allowed)
    {
        for (var i = start; i < end; i++)
        {
            if (!allowed(text[i]))
            {
                return i;
            }
        }

        return -1;
    }

    /// <summary>A character for a message: printable ASCII quoted, anything else by code point (and name).</summary>
    internal static string Describe(string text, int index)
    {
        var c = text[index];
        if (c is > ' ' and < '\x7f')
        {
            return $"'{c}'";
        }

        var codePoint = char.IsHighSurrogate(c) && index + 1 < text.Length && char.IsLowSurrogate(text[index + 1])
            ? char.ConvertToUtf32(c, text[index + 1])
            : c;
        var name = c switch
        {
            '\n' => " (line feed)",
            '\r' => " (carriage return)",
            '\t' => " (tab)",
            ' ' => " (space)",
            '\u00a0' => " (no-break space)",
            _ => "",
        };
        return "U+" + codePoint.ToString("X4", CultureInfo.InvariantCulture) + name;
    }
}
