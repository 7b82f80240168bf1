using System.Net;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;

namespace PreflightCheck.Collectors;

/// <summary>A <c>--resolve HOST:PORT:ADDRESS</c> entry, as curl takes it.</summary>
internal sealed record ResolveEntry(string Host, int Port, IPAddress Address)
{
    public static ResolveEntry Parse(string text)
    {
        var first = text.IndexOf(':', StringComparison.Ordinal);
        var second = first < 0 ? -1 : text.IndexOf(':', first + 1);
        if (first <= 0 || second < 0)
        {
            throw new InputException($"--resolve '{text}' is not HOST:PORT:ADDRESS");
        }

        var host = text[..first];
        if (!int.TryParse(text.AsSpan(first + 1, second - first - 1), out var port) || port is < 1 or > 65535)
        {
            throw new InputException($"--resolve '{text}' has no valid port");
        }

        var address = text[(second + 1)..].Trim('[', ']');
        if (!IPAddress.TryParse(address, out var ip))
        {
            throw new InputException($"--resolve '{text}' has no valid IP address");
        }

        return new ResolveEntry(host.ToLowerInvariant(), port, ip);
    }
}

/// <summary>Counts what the collectors did on the wire, for the benchmark.</summary>
internal interface ICollectorCounters
{
    void Connection(string host, int port);

    void Request(string method, string host);
}

internal sealed class CollectorCounters : ICollectorCounters
{
    private int _connections;
    private int _requests;

    public int Connections => Volatile.Read(ref _connections);

    public int Requests => Volatile.Read(ref _requests);

    public void Connection(string host, int port) => Interlocked.Increment(ref _connections);

    public void Request(string method, string host) => Interlocked.Increment(ref _requests);
}

/// <summary>Per-run options for every collector.</summary>
internal sealed record CollectorContext
{
    public static readonly TimeSpan DefaultTimeout = TimeSpan.FromSeconds(10);

    /// <summary>Per network operation (a connect, a handshake, one request).</summary>
    public TimeSpan Timeout { get; init; } = DefaultTimeout;

    /// <summary>The whole collection stops at this point; null means no overall deadline.</summary>
    public DateTimeOffset? Deadline { get; init; }

    public IReadOnlyList<ResolveEntry> Resolve { get; init; } = [];

    /// <summary><c>--registry-address</c>: where every registry named by the plan is dialled.</summary>
    public IPAddress? RegistryAddress { get; init; }

    /// <summary>PEM file of the roots that count as public; null means the default Mozilla-derived set.</summary>
    public string? PublicRootsFile { get; init; }

    /// <summary>
    /// Extra roots the registry client trusts (besides the machine's) before it sends credentials.
    /// They never take part in the public-CA verdict.
    /// </summary>
    public string? RegistryTrustRootsFile { get; init; }

    public IRegistryCredentialSource Credentials { get; init; } = NoRegistryCredentials.Instance;

    /// <summary><c>--pull-test</c>: after the registry checks, pull each image through a Docker Engine too.</summary>
    public bool PullTest { get; init; }

    /// <summary><c>--run-test</c>: start each container as SageMaker hosting would; null when not asked for.</summary>
    public RunTestOptions? RunTest { get; init; }

    public TimeProvider Time { get; init; } = TimeProvider.System;

    public ICollectorCounters? Counters { get; init; }

    /// <summary>Name lookup; tests replace it so that no real name is ever resolved.</summary>
    public Func<string, CancellationToken, Task<IPAddress[]>> LookupHost { get; init; } = static (host, ct) => Dns.GetHostAddressesAsync(host, ct);

    public ResolveEntry? FindResolve(string host, int port) =>
        Resolve.FirstOrDefault(r => r.Port == port && string.Equals(r.Host, host, StringComparison.OrdinalIgnoreCase));
}
