using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using PreflightCheck.Core;
using PreflightCheck.Core.Reports;

namespace PreflightCheck.Collectors.Tls;

/// <summary>A set of roots that count as public, with where it came from.</summary>
internal sealed record PublicRootSet(X509Certificate2Collection Roots, RootSetInfo Info)
{
    /// <summary>How verdicts name the set, e.g. "mozilla (142 roots, 2025-06-13)".</summary>
    public string Name => Info.Name;
}

/// <summary>
/// The roots that count as public: the Mozilla-derived set embedded in the tool (the same on every OS, nothing the
/// machine adds), or the PEM file given with --public-roots, which replaces it. Each set is parsed once per process.
/// </summary>
internal static class PublicRoots
{
    private const string Resource = "PreflightCheck.Collectors.Tls.public-roots.pem";

    private static readonly Lazy<string> ShippedText = new(() =>
    {
        using var stream = typeof(PublicRoots).Assembly.GetManifestResourceStream(Resource)
            ?? throw new InvalidOperationException($"the embedded resource {Resource} is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    });

    private static readonly Lazy<RootSetInfo> ShippedInfo = new(() => Header(ShippedText.Value));

    private static readonly Lazy<PublicRootSet> ShippedSet = new(() =>
    {
        var roots = new X509Certificate2Collection();
        roots.ImportFromPem(ShippedText.Value);
        return new PublicRootSet(roots, ShippedInfo.Value with { Count = roots.Count });
    });

    private static readonly ConcurrentDictionary<string, Lazy<PublicRootSet>> Files = new(StringComparer.Ordinal);

    /// <summary>The shipped set's source, date and count, read from its header without parsing a certificate.</summary>
    public static RootSetInfo ShippedDescription => ShippedInfo.Value;

    public static PublicRootSet Shipped => ShippedSet.Value;

    /// <summary>What a report says about the set in force; the shipped set is described without being parsed.</summary>
    public static RootSetInfo Describe(string? file) => file is null ? ShippedDescription : Load(file).Info;

    /// <summary>The set in force: <paramref name="file"/> when given (it replaces the shipped set), else the shipped set.</summary>
    /// <exception cref="InputException">the file cannot be read, is not PEM, or holds no certificate</exception>
    public static PublicRootSet Load(string? file) =>
        file is null ? Shipped : Files.GetOrAdd(Path.GetFullPath(file), path => new Lazy<PublicRootSet>(() => FromFile(file, path))).Value;

    private static PublicRootSet FromFile(string given, string path)
    {
        var roots = ReadPem(given, "--public-roots");
        return new PublicRootSet(roots, new RootSetInfo($"--public-roots {Path.GetFileName(path)}", given, null, roots.Count));
    }

    /// <summary>Reads a PEM file of roots a user gave with <paramref name="option"/>; an empty or unreadable one is a usage error naming the file.</summary>
    public static X509Certificate2Collection ReadPem(string file, string option)
    {
        var roots = new X509Certificate2Collection();
        try
        {
            roots.ImportFromPemFile(file);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or CryptographicException)
        {
            throw new InputException($"{option} could not be read: {ex.Message}", file);
        }

        return roots.Count > 0 ? roots : throw new InputException($"{option} holds no PEM certificate (an empty set trusts nothing)", file);
    }

    private static RootSetInfo Header(string text)
    {
        string? source = null, date = null;
        var count = 0;
        foreach (var line in text.AsSpan().EnumerateLines())
        {
            if (!line.StartsWith("# "))
            {
                if (line.StartsWith("-----"))
                {
                    break;
                }

                continue;
            }

            var entry = line[2..];
            if (entry.StartsWith("source: "))
            {
                source = entry["source: ".Length..].ToString();
            }
            else if (entry.StartsWith("date: "))
            {
                date = entry["date: ".Length..].ToString();
            }
            else if (entry.StartsWith("count: "))
            {
                count = int.Parse(entry["count: ".Length..], System.Globalization.CultureInfo.InvariantCulture);
            }
        }

        return new RootSetInfo("mozilla", source ?? "unknown", date, count);
    }
}
