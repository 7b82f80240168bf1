namespace PreflightCheck.IntegrationTests.Infrastructure;

/// <summary>One private PKI per test class (xunit IClassFixture); creating it costs a few openssl runs.</summary>
// Public only because xunit requires fixture types to be as visible as the public test classes using them.
public sealed class PkiFixture : IAsyncLifetime
{
    private TestCertificates? _certificates;

    internal TestCertificates Certificates => _certificates ?? throw new InvalidOperationException("Fixture not initialised.");

    public async Task InitializeAsync() => _certificates = await TestCertificates.CreateAsync().ConfigureAwait(false);

    public Task DisposeAsync()
    {
        _certificates?.Dispose();
        return Task.CompletedTask;
    }
}

/// <summary>A PKI, a token server and a token-auth registry trusting it, shared by one test class.</summary>
public sealed class TokenRegistryFixture : IAsyncLifetime
{
    private TestCertificates? _certificates;
    private TokenServer? _tokenServer;
    private RegistryServer? _registry;

    internal TestCertificates Certificates => _certificates ?? throw new InvalidOperationException("Fixture not initialised.");

    internal TokenServer TokenServer => _tokenServer ?? throw new InvalidOperationException("Fixture not initialised.");

    internal RegistryServer Registry => _registry ?? throw new InvalidOperationException("Fixture not initialised.");

    public async Task InitializeAsync()
    {
        _certificates = await TestCertificates.CreateAsync().ConfigureAwait(false);
        _tokenServer = await TokenServer.StartAsync(new TokenServerOptions { Certificates = _certificates }).ConfigureAwait(false);
        _registry = await RegistryServer.StartAsync(new RegistryOptions
        {
            Certificates = _certificates,
            Auth = RegistryAuth.Token,
            TokenServer = _tokenServer,
        }).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync().ConfigureAwait(false);
        }

        if (_tokenServer is not null)
        {
            await _tokenServer.DisposeAsync().ConfigureAwait(false);
        }

        _certificates?.Dispose();
    }
}

/// <summary>A PKI and an anonymous full-chain TLS registry seeded with <see cref="StandardImages"/>, shared by one test class.</summary>
public sealed class SeededRegistryFixture : IAsyncLifetime
{
    private TestCertificates? _certificates;
    private RegistryServer? _registry;
    private StandardImages? _images;

    internal TestCertificates Certificates => _certificates ?? throw new InvalidOperationException("Fixture not initialised.");

    internal RegistryServer Registry => _registry ?? throw new InvalidOperationException("Fixture not initialised.");

    internal StandardImages Images => _images ?? throw new InvalidOperationException("Fixture not initialised.");

    public async Task InitializeAsync()
    {
        _certificates = await TestCertificates.CreateAsync().ConfigureAwait(false);
        _registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = _certificates }).ConfigureAwait(false);
        _images = await StandardImages.SeedAsync(_registry).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync().ConfigureAwait(false);
        }

        _certificates?.Dispose();
    }
}

/// <summary>A PKI and one empty anonymous full-chain TLS registry shared by a test class (use distinct repositories per test).</summary>
public sealed class AnonymousRegistryFixture : IAsyncLifetime
{
    private TestCertificates? _certificates;
    private RegistryServer? _registry;

    internal TestCertificates Certificates => _certificates ?? throw new InvalidOperationException("Fixture not initialised.");

    internal RegistryServer Registry => _registry ?? throw new InvalidOperationException("Fixture not initialised.");

    public async Task InitializeAsync()
    {
        _certificates = await TestCertificates.CreateAsync().ConfigureAwait(false);
        _registry = await RegistryServer.StartAsync(new RegistryOptions { Certificates = _certificates }).ConfigureAwait(false);
    }

    public async Task DisposeAsync()
    {
        if (_registry is not null)
        {
            await _registry.DisposeAsync().ConfigureAwait(false);
        }

        _certificates?.Dispose();
    }
}
