using System.Security.Cryptography.X509Certificates;

namespace PreflightCheck.Collectors.Tls;

/// <summary>
/// The roots that count as public. Default: the Mozilla-derived set Debian's ca-certificates package installs as
/// individual files under /usr/share/ca-certificates/mozilla (unlike /etc/ssl/certs, nothing local is added there).
/// </summary>
internal static class PublicRoots
{
    public const string MozillaDirectory = "/usr/share/ca-certificates/mozilla";

    public static (X509Certificate2Collection Roots, string Name) Load(string? file)
    {
        var roots = new X509Certificate2Collection();
        if (file is not null)
        {
            roots.ImportFromPemFile(file);
            return (roots, $"--public-roots {Path.GetFileName(file)} ({roots.Count} roots)");
        }

        if (!Directory.Exists(MozillaDirectory))
        {
            throw new FileNotFoundException($"the public root set {MozillaDirectory} is missing: install Debian's ca-certificates package or give --public-roots FILE");
        }

        foreach (var path in Directory.EnumerateFiles(MozillaDirectory, "*.crt").Order(StringComparer.Ordinal))
        {
            roots.ImportFromPemFile(path);
        }

        return (roots, $"mozilla ({roots.Count} roots)");
    }
}
