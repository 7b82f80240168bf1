using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;
using PreflightCheck.Core.Collectors;
using PreflightCheck.Core.Facts;

namespace PreflightCheck.Collectors.Net;

internal sealed record Resolution(CollectionStatus Status, AddressSource Source, IReadOnlyList<IPAddress> Addresses, string? Message = null);

/// <summary>
/// Resolves and dials for every collector of one run, honouring --resolve and --registry-address, and remembers
/// each answer so that the address a safety check looked at is the address that gets dialled.
/// </summary>
internal sealed class Dialer(CollectorContext context, IReadOnlyCollection<string> registryHosts)
{
    private readonly ConcurrentDictionary<(string Host, int Port), Task<Resolution>> _cache = new();

    public CollectorContext Context => context;

    public Task<Resolution> ResolveAsync(string host, int port, CancellationToken ct) =>
        _cache.GetOrAdd((host.ToLowerInvariant(), port), key => ResolveCoreAsync(key.Host, key.Port, ct));

    private async Task<Resolution> ResolveCoreAsync(string host, int port, CancellationToken ct)
    {
        if (IPAddress.TryParse(host.Trim('[', ']'), out var literal))
        {
            return new Resolution(CollectionStatus.Ok, AddressSource.Literal, [literal]);
        }

        if (context.FindResolve(host, port) is { } entry)
        {
            return new Resolution(CollectionStatus.Ok, AddressSource.Resolve, [entry.Address]);
        }

        if (context.RegistryAddress is { } given && registryHosts.Contains(host, StringComparer.OrdinalIgnoreCase))
        {
            return new Resolution(CollectionStatus.Ok, AddressSource.RegistryAddress, [given]);
        }

        using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
        cts.CancelAfter(context.Timeout);
        try
        {
            var addresses = await context.LookupHost(host, cts.Token).ConfigureAwait(false);
            return addresses.Length == 0
                ? new Resolution(CollectionStatus.NotFound, AddressSource.Dns, [], "no addresses")
                : new Resolution(CollectionStatus.Ok, AddressSource.Dns, addresses);
        }
        catch (SocketException ex) when (ex.SocketErrorCode is SocketError.HostNotFound or SocketError.NoData)
        {
            return new Resolution(CollectionStatus.NotFound, AddressSource.Dns, [], $"no such host ({ex.SocketErrorCode})");
        }
        catch (SocketException ex)
        {
            return new Resolution(CollectionStatus.Unreachable, AddressSource.Dns, [], $"DNS lookup failed ({ex.SocketErrorCode})");
        }
        catch (OperationCanceledException) when (!ct.IsCancellationRequested)
        {
            return new Resolution(CollectionStatus.Timeout, AddressSource.Dns, [], $"DNS lookup took longer than {context.Timeout.TotalSeconds:0.#} s");
        }
    }

    /// <summary>Connects to the first address that answers; the caller's token carries the connect timeout.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var resolution = await ResolveAsync(host, port, ct).ConfigureAwait(false);
        if (resolution.Status != CollectionStatus.Ok)
        {
            throw new HostUnresolvedException(host, resolution);
        }

        Exception? last = null;
        foreach (var address in resolution.Addresses)
        {
            var socket = new Socket(address.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
            try
            {
                using var cts = CancellationTokenSource.CreateLinkedTokenSource(ct);
                cts.CancelAfter(context.Timeout);
                await socket.ConnectAsync(new IPEndPoint(address, port), cts.Token).ConfigureAwait(false);
                context.Counters?.Connection(host, port);
                return socket;
            }
            catch (Exception ex) when (ex is SocketException or OperationCanceledException && !ct.IsCancellationRequested)
            {
                socket.Dispose();
                last = ex is OperationCanceledException ? new TimeoutException($"connecting to {address}:{port} took longer than {context.Timeout.TotalSeconds:0.#} s") : ex;
            }
        }

        throw last ?? new SocketException((int)SocketError.HostNotFound);
    }
}

internal sealed class HostUnresolvedException(string host, Resolution resolution)
    : Exception($"{host} did not resolve: {resolution.Message}")
{
    public Resolution Resolution { get; } = resolution;
}
