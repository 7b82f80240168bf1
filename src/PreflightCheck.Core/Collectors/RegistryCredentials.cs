using PreflightCheck.Core.Facts;

namespace PreflightCheck.Core.Collectors;

/// <summary>
/// A username and password held in memory only: not a record, no public properties a serializer would pick up,
/// and <see cref="ToString"/> redacts.
/// </summary>
internal sealed class RegistryCredential
{
    private readonly string _username;
    private readonly string _password;

    public RegistryCredential(string username, string password, CredentialSourceKind source)
    {
        ArgumentException.ThrowIfNullOrEmpty(username);
        ArgumentNullException.ThrowIfNull(password);
        _username = username;
        _password = password;
        Source = source;
    }

    public CredentialSourceKind Source { get; }

    public RegistryCredentialsInfo Info => new(true, Source, _username.Length);

    internal string BasicParameter() =>
        Convert.ToBase64String(System.Text.Encoding.UTF8.GetBytes(_username + ":" + _password));

    /// <summary>Hands the secret to a client that sends it (the Docker Engine pull test); callers must not keep or log it.</summary>
    internal T Use<T>(Func<string, string, T> use) => use(_username, _password);

    /// <summary>Cuts the password out of text that came back from elsewhere (a daemon may echo what it was sent).</summary>
    internal string Redact(string text) => _password.Length == 0 ? text : text.Replace(_password, "***", StringComparison.Ordinal);

    /// <summary>Lets tests and redaction scans look for the secret without exposing it elsewhere.</summary>
    internal bool Contains(string text) => text.Contains(_password, StringComparison.Ordinal);

    public override string ToString() => $"credentials(source={Source}, username length={_username.Length}, password=***)";
}

/// <summary>Where the registry credentials for a container come from: the flags now, the Lambda provider later.</summary>
internal interface IRegistryCredentialSource
{
    Task<RegistryCredential?> GetAsync(string model, string container, CancellationToken ct);
}

internal sealed class NoRegistryCredentials : IRegistryCredentialSource
{
    public static NoRegistryCredentials Instance { get; } = new();

    public Task<RegistryCredential?> GetAsync(string model, string container, CancellationToken ct) =>
        Task.FromResult<RegistryCredential?>(null);
}

/// <summary><c>--registry-username</c> with <c>--registry-password-stdin</c>: the same credentials for every container.</summary>
internal sealed class FlagRegistryCredentials(string username, string password) : IRegistryCredentialSource
{
    private readonly RegistryCredential _credential = new(username, password, CredentialSourceKind.Flag);

    public Task<RegistryCredential?> GetAsync(string model, string container, CancellationToken ct) =>
        Task.FromResult<RegistryCredential?>(_credential);

    public override string ToString() => _credential.ToString();
}
