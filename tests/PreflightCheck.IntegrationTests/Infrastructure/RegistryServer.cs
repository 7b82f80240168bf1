using System.Diagnostics;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.RegularExpressions;

namespace PreflightCheck.IntegrationTests.Infrastructure;

internal enum RegistryTls
{
    /// <summary>Plain HTTP, no TLS at all.</summary>
    PlainHttp,

    /// <summary>Leaf + intermediate served; validates against the test root.</summary>
    FullChain,

    /// <summary>Only the leaf is served; the intermediate is missing, so validation without AIA fails.</summary>
    LeafOnly,

    SelfSigned,

    /// <summary>Leaf valid 2020-01-01 to 2021-01-01.</summary>
    Expired,

    /// <summary>Leaf SANs name a different address and host, not the one the registry listens on.</summary>
    WrongHostName,

    /// <summary>Full chain, leaf expiring in 10 days.</summary>
    ExpiringSoon,

    /// <summary>Full chain, RSA 1024 leaf key.</summary>
    WeakKey,

    /// <summary>Full chain, leaf (RSA 2048 key) signed with SHA-1 by the intermediate (ecdsa-with-SHA1 for the default EC CA).</summary>
    Sha1Signature,
}

internal enum RegistryAuth
{
    Anonymous,
    Basic,
    Token,
}

/// <summary>One request as the registry logged it.</summary>
internal sealed record RegistryRequestRecord(string Method, string Uri, int Status);

internal sealed record RegistryOptions
{
    public RegistryTls Tls { get; init; } = RegistryTls.FullChain;

    public RegistryAuth Auth { get; init; } = RegistryAuth.Anonymous;

    /// <summary>The PKI that issues the leaf; when null the server makes (and disposes) its own.</summary>
    public TestCertificates? Certificates { get; init; }

    /// <summary>Required for <see cref="RegistryAuth.Token"/>.</summary>
    public TokenServer? TokenServer { get; init; }

    /// <summary>Loopback address to listen on; a random 127.x.y.z when null.</summary>
    public IPAddress? Address { get; init; }

    /// <summary>Port to listen on (only with a fixed <see cref="Address"/>, e.g. to match a shipped example); a free one when null.</summary>
    public int? Port { get; init; }

    /// <summary>DNS SANs added to the leaf next to the IP address (resolve them with --resolve; never via real DNS).</summary>
    public IReadOnlyList<string> DnsNames { get; init; } = ["registry.preflight.test"];

    public string Username { get; init; } = "preflight";

    /// <summary>Random when null (so secret-scanning tests have a unique needle).</summary>
    public string? Password { get; init; }

    /// <summary>Value of http.tls.minimumtls (tls1.0 … tls1.3); the distribution default when null.</summary>
    public string? MinimumTls { get; init; }

    /// <summary>Value of http.tls.ciphersuites (Go names). When null and MinimumTls allows TLS 1.0/1.1, CBC suites those versions can use are added to distribution's default AEAD list.</summary>
    public IReadOnlyList<string>? CipherSuites { get; init; }

    public TimeSpan StartTimeout { get; init; } = TimeSpan.FromSeconds(15);
}

/// <summary>
/// Debian's docker-registry (distribution 2.8) on a loopback address, with a generated config and a private temp dir.
/// Dispose kills the process and deletes the directory.
/// </summary>
internal sealed partial class RegistryServer : IAsyncDisposable, IDisposable
{
    public const string Executable = "/usr/bin/docker-registry";
    private const int MaxPortAttempts = 5;

    // Runs the registry under a watchdog reading our stdin pipe: if the test host dies (even by SIGKILL, when no
    // ProcessExit handler runs) the pipe closes and the registry is killed instead of lingering on its port.
    // fd 3 is needed because background jobs of a non-interactive shell get /dev/null as stdin.
    private const string WatchdogScript = """
        exec 3<&0
        "$0" serve "$1" </dev/null &
        child=$!
        ( read -r _ <&3; kill "$child" 2>/dev/null ) &
        wait "$child"
        """;

    // distribution 2.8's default list is AEAD-only, which TLS 1.0/1.1 clients cannot use.
    private static readonly string[] LegacyCompatibleSuites =
    [
        "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
        "TLS_ECDHE_ECDSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_RSA_WITH_AES_256_GCM_SHA384",
        "TLS_ECDHE_ECDSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_128_CBC_SHA",
        "TLS_ECDHE_ECDSA_WITH_AES_256_CBC_SHA",
        "TLS_ECDHE_RSA_WITH_AES_256_CBC_SHA",
        "TLS_AES_128_GCM_SHA256",
        "TLS_AES_256_GCM_SHA384",
        "TLS_CHACHA20_POLY1305_SHA256",
    ];

    private readonly TempDirectory _dir;
    private readonly TestCertificates? _ownedCertificates;
    private readonly StringBuilder _log = new();
    private Process? _process;
    private bool _disposed;

    private RegistryServer(RegistryOptions options, TempDirectory dir, TestCertificates? owned, IPAddress address, string password)
    {
        Options = options;
        _dir = dir;
        _ownedCertificates = owned;
        Address = address;
        Password = password;
    }

    public RegistryOptions Options { get; }

    public IPAddress Address { get; }

    public int Port { get; private set; }

    public IPEndPoint EndPoint => new(Address, Port);

    /// <summary>host:port as used in image references, e.g. 127.20.3.4:40123.</summary>
    public string HostPort => $"{Address}:{Port}";

    public bool IsTls => Options.Tls != RegistryTls.PlainHttp;

    public Uri BaseUri => new($"{(IsTls ? "https" : "http")}://{HostPort}/");

    public string Username => Options.Username;

    public string Password { get; }

    /// <summary>The leaf the registry serves; null for plain HTTP.</summary>
    public LeafCertificate? Leaf { get; private set; }

    /// <summary>PEM of the anchor that should validate this registry (the test root; the leaf itself when self-signed).</summary>
    public string? RootCaPath => Leaf?.RootPath;

    /// <summary>A directory holding ca.crt (the test root), the layout skopeo's --dest-cert-dir expects.</summary>
    public string? CertDirectory { get; private set; }

    public string StorageDirectory => _dir.Combine("storage");

    public string ConfigPath => _dir.Combine("config.yml");

    /// <summary>Time from process start to the port accepting connections (last attempt).</summary>
    public TimeSpan StartupTime { get; private set; }

    public bool HasExited => _process?.HasExited ?? true;

    /// <summary>True when the chosen variant can be validated by a client trusting <see cref="RootCaPath"/>.</summary>
    public bool IsTrustedByRoot => Options.Tls is RegistryTls.FullChain or RegistryTls.ExpiringSoon or RegistryTls.WeakKey or RegistryTls.Sha1Signature;

    /// <summary>Every request the registry answered, from its access log (oldest first). The log never holds Authorization values.</summary>
    public IReadOnlyList<RegistryRequestRecord> Requests() =>
        ReadLog().Split('\n')
            .Select(line => AccessLogLine().Match(line))
            .Where(m => m.Success)
            .Select(m => new RegistryRequestRecord(m.Groups[1].Value, m.Groups[2].Value, int.Parse(m.Groups[3].Value, System.Globalization.CultureInfo.InvariantCulture)))
            .ToList();

    /// <summary>
    /// Client address:port pairs found in the registry's structured log lines; their number approximates the TCP connections
    /// that carried at least one logged request.
    /// </summary>
    public IReadOnlySet<string> RemoteAddresses() =>
        RemoteAddress().Matches(ReadLog()).Select(m => m.Groups[1].Value).ToHashSet();

    public string ReadLog()
    {
        lock (_log)
        {
            return _log.ToString();
        }
    }

    public static async Task<RegistryServer> StartAsync(RegistryOptions? options = null)
    {
        options ??= new RegistryOptions();
        if (options.Auth == RegistryAuth.Token && options.TokenServer is null)
        {
            throw new ArgumentException("Token auth needs a TokenServer.", nameof(options));
        }

        var address = options.Address ?? Loopback.RandomAddress();
        if (!Loopback.IsLoopback(address))
        {
            throw new ArgumentException("Registries listen on loopback only.", nameof(options));
        }

        var dir = new TempDirectory("registry");
        TestCertificates? owned = null;
        RegistryServer? server = null;
        try
        {
            var certs = options.Certificates;
            if (certs is null && options.Tls != RegistryTls.PlainHttp)
            {
                owned = await TestCertificates.CreateAsync().ConfigureAwait(false);
                certs = owned;
            }

            var password = options.Password ?? "pw-" + Convert.ToHexString(RandomNumberGenerator.GetBytes(12)).ToLowerInvariant();
            server = new RegistryServer(options, dir, owned, address, password);
            Directory.CreateDirectory(server.StorageDirectory);
            if (certs is not null && options.Tls != RegistryTls.PlainHttp)
            {
                server.Leaf = await IssueLeafAsync(certs, options, address).ConfigureAwait(false);
                server.CertDirectory = dir.Combine("certs.d");
                Directory.CreateDirectory(server.CertDirectory);
                File.Copy(server.Leaf.RootPath, Path.Combine(server.CertDirectory, "ca.crt"));
            }

            if (options.Auth == RegistryAuth.Basic)
            {
                var line = await ProcessRunner.RunAsync("htpasswd", ["-niB", options.Username], TimeSpan.FromSeconds(30), standardInput: password + "\n")
                    .ConfigureAwait(false);
                await File.WriteAllTextAsync(dir.Combine("htpasswd"), line.StandardOutput.Trim() + "\n").ConfigureAwait(false);
            }

            await server.LaunchAsync().ConfigureAwait(false);
            return server;
        }
        catch
        {
            if (server is not null)
            {
                await server.DisposeAsync().ConfigureAwait(false);
            }
            else
            {
                owned?.Dispose();
                dir.Dispose();
            }

            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        if (_process is not null)
        {
            CloseWatchdogPipe();
            ChildProcesses.Kill(_process);
            using var cts = new CancellationTokenSource(TimeSpan.FromSeconds(5));
            try
            {
                await _process.WaitForExitAsync(cts.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
            }

            ChildProcesses.Untrack(_process);
            _process.Dispose();
            _process = null;
        }

        _ownedCertificates?.Dispose();
        _dir.Dispose();
    }

    public void Dispose() => DisposeAsync().AsTask().GetAwaiter().GetResult();

    /// <summary>Closes the pipe the watchdog reads, exactly what the death of the test host does; the registry then exits.</summary>
    internal void CloseWatchdogPipe()
    {
        try
        {
            _process?.StandardInput.Close();
        }
        catch (IOException)
        {
        }
        catch (InvalidOperationException)
        {
        }
    }

    private static Task<LeafCertificate> IssueLeafAsync(TestCertificates certs, RegistryOptions options, IPAddress address)
    {
        string[] ips = [address.ToString()];
        var name = "registry-" + options.Tls.ToString().ToLowerInvariant();
        return options.Tls switch
        {
            RegistryTls.FullChain or RegistryTls.LeafOnly => certs.ValidAsync(name, ips, options.DnsNames),
            RegistryTls.SelfSigned => certs.SelfSignedAsync(name, ips, options.DnsNames),
            RegistryTls.Expired => certs.ExpiredAsync(name, ips, options.DnsNames),
            RegistryTls.WrongHostName => certs.ValidAsync(name, [OtherAddress(address).ToString()], ["wrong-host.preflight.test"]),
            RegistryTls.ExpiringSoon => certs.ExpiringInAsync(TimeSpan.FromDays(10), name, ips, options.DnsNames),
            RegistryTls.WeakKey => certs.WeakKeyAsync(name, ips, options.DnsNames),
            RegistryTls.Sha1Signature => certs.Sha1SignedAsync(name, ips, options.DnsNames),
            _ => throw new ArgumentOutOfRangeException(nameof(options)),
        };
    }

    private static IPAddress OtherAddress(IPAddress address)
    {
        var b = address.GetAddressBytes();
        b[3] = (byte)(b[3] == 254 ? 253 : 254);
        return new IPAddress(b);
    }

    private async Task LaunchAsync()
    {
        for (var attempt = 1; ; attempt++)
        {
            Port = Options.Port ?? Loopback.FreePort(Address);
            await File.WriteAllTextAsync(ConfigPath, BuildConfig()).ConfigureAwait(false);
            AppendLog($"--- start attempt {attempt} on {HostPort}");
            var sw = Stopwatch.StartNew();
            var psi = new ProcessStartInfo("/bin/sh")
            {
                RedirectStandardInput = true,
                RedirectStandardOutput = true,
                RedirectStandardError = true,
                UseShellExecute = false,
                WorkingDirectory = _dir.Path,
            };
            psi.ArgumentList.Add("-c");
            psi.ArgumentList.Add(WatchdogScript);
            psi.ArgumentList.Add(Executable);
            psi.ArgumentList.Add(ConfigPath);
            var process = new Process { StartInfo = psi };
            process.OutputDataReceived += (_, e) => AppendLog(e.Data);
            process.ErrorDataReceived += (_, e) => AppendLog(e.Data);
            process.Start();
            ChildProcesses.Track(process);
            _process = process;
            process.BeginOutputReadLine();
            process.BeginErrorReadLine();

            var up = await Loopback.WaitForPortAsync(EndPoint, Options.StartTimeout, () => process.HasExited).ConfigureAwait(false);
            StartupTime = sw.Elapsed;
            if (up)
            {
                return;
            }

            ChildProcesses.Kill(process);
            await process.WaitForExitAsync().WaitAsync(TimeSpan.FromSeconds(5)).ConfigureAwait(false);
            ChildProcesses.Untrack(process);
            var log = ReadLog();
            process.Dispose();
            _process = null;
            if (attempt >= MaxPortAttempts || !log.Contains("address already in use", StringComparison.OrdinalIgnoreCase))
            {
                throw new InvalidOperationException($"docker-registry did not start on {HostPort} within {Options.StartTimeout.TotalSeconds:0} s. Log:\n{log}");
            }
        }
    }

    private void AppendLog(string? line)
    {
        if (line is null)
        {
            return;
        }

        lock (_log)
        {
            _log.AppendLine(line);
        }
    }

    private string BuildConfig()
    {
        var sb = new StringBuilder();
        sb.AppendLine("version: 0.1");
        sb.AppendLine("log:");
        sb.AppendLine("  level: info");
        sb.AppendLine("  formatter: text");
        sb.AppendLine("storage:");
        sb.AppendLine("  filesystem:");
        sb.AppendLine($"    rootdirectory: {Q(StorageDirectory)}");
        sb.AppendLine("  delete:");
        sb.AppendLine("    enabled: true");
        sb.AppendLine("  maintenance:");
        sb.AppendLine("    uploadpurging:");
        sb.AppendLine("      enabled: false");
        sb.AppendLine("http:");
        sb.AppendLine($"  addr: {Q(HostPort)}");
        sb.AppendLine($"  secret: {Q(Convert.ToHexString(RandomNumberGenerator.GetBytes(16)))}");
        sb.AppendLine("  headers:");
        sb.AppendLine("    X-Content-Type-Options: [nosniff]");
        if (Leaf is not null)
        {
            sb.AppendLine("  tls:");
            var certFile = Options.Tls == RegistryTls.LeafOnly ? Leaf.CertificatePath : Leaf.ChainPath;
            sb.AppendLine($"    certificate: {Q(certFile)}");
            sb.AppendLine($"    key: {Q(Leaf.KeyPath)}");
            if (Options.MinimumTls is not null)
            {
                sb.AppendLine($"    minimumtls: {Q(Options.MinimumTls)}");
            }

            var suites = Options.CipherSuites ?? (Options.MinimumTls is "tls1.0" or "tls1.1" ? LegacyCompatibleSuites : null);
            if (suites is not null)
            {
                sb.AppendLine("    ciphersuites:");
                foreach (var suite in suites)
                {
                    sb.AppendLine($"      - {Q(suite)}");
                }
            }
        }

        switch (Options.Auth)
        {
            case RegistryAuth.Basic:
                sb.AppendLine("auth:");
                sb.AppendLine("  htpasswd:");
                sb.AppendLine("    realm: preflight-basic-realm");
                sb.AppendLine($"    path: {Q(_dir.Combine("htpasswd"))}");
                break;
            case RegistryAuth.Token:
                var ts = Options.TokenServer!;
                sb.AppendLine("auth:");
                sb.AppendLine("  token:");
                sb.AppendLine($"    realm: {Q(ts.Realm.ToString())}");
                sb.AppendLine($"    service: {Q(ts.Service)}");
                sb.AppendLine($"    issuer: {Q(ts.Issuer)}");
                sb.AppendLine($"    rootcertbundle: {Q(ts.SigningCertificatePath)}");
                break;
        }

        sb.AppendLine("health:");
        sb.AppendLine("  storagedriver:");
        sb.AppendLine("    enabled: false");
        return sb.ToString();
    }

    // Combined log format: 127.0.0.1 - - [26/Nov/2026:09:17:48 +0000] "GET /v2/ HTTP/1.1" 200 2 "" "agent"
    [GeneratedRegex("""^\S+ - \S* \[[^\]]+\] "(\S+) (\S+) [^"]*" (\d{3}) """)]
    private static partial Regex AccessLogLine();

    [GeneratedRegex("http\\.request\\.remoteaddr=\"([^\"]+)\"")]
    private static partial Regex RemoteAddress();

    private static string Q(string value) => "'" + value.Replace("'", "''", StringComparison.Ordinal) + "'";
}
