using System.Diagnostics;
using System.Globalization;
using Amazon;
using Amazon.EC2;
using Amazon.Runtime;
using Amazon.Runtime.Credentials;
using Amazon.Runtime.CredentialManagement;
using Amazon.Runtime.Internal;
using Amazon.Runtime.Internal.Auth;
using Amazon.SecurityToken;
using PreflightCheck.Core;
using PreflightCheck.Core.Collectors;

namespace PreflightCheck.Collectors.Aws;

/// <summary>What the CLI passes for AWS access: <c>--region</c>, <c>--profile</c>, per-call timeout.</summary>
internal sealed record AwsAccessOptions(string? Region = null, string? Profile = null, TimeSpan? Timeout = null, int MaxRetries = 3);

/// <summary>
/// Credentials, region and endpoints resolved once, by the SDK's own chains, and shared by the EC2/STS clients and
/// the signed adapters.
/// </summary>
internal sealed class AwsSession : IDisposable
{
    private readonly HttpClient _http;

    private readonly Func<string, string?> _endpoints;

    /// <summary>For tests: explicit region, credentials and endpoint lookup, so nothing comes from the process environment.</summary>
    internal AwsSession(RegionEndpoint region, AWSCredentials credentials, AwsAccessOptions options, Func<string, string?>? endpoints = null)
    {
        _endpoints = endpoints ?? ConfiguredEndpoint;
        Region = region;
        Credentials = credentials;
        Options = options;
        Timeout = options.Timeout ?? CollectorContext.DefaultTimeout;
        _http = new HttpClient(new SocketsHttpHandler { ConnectTimeout = Timeout, AllowAutoRedirect = false, UseProxy = false })
        {
            Timeout = System.Threading.Timeout.InfiniteTimeSpan,
        };
    }

    public RegionEndpoint Region { get; }

    public string RegionName => Region.SystemName;

    public string Partition => Core.Aws.AwsArn.PartitionOfRegion(RegionName);

    public AWSCredentials Credentials { get; }

    public AwsAccessOptions Options { get; }

    public TimeSpan Timeout { get; }

    /// <summary>Resolves region and credentials; a missing one is an <see cref="InputException"/> (one line, exit code 2).</summary>
    public static AwsSession Create(AwsAccessOptions options)
    {
        CredentialProfile? profile = null;
        if (options.Profile is not null && !new CredentialProfileStoreChain().TryGetProfile(options.Profile, out profile))
        {
            throw new InputException($"AWS profile '{options.Profile}' was not found in the shared config or credentials file");
        }

        RegionEndpoint? region = null;
        if (options.Region is not null)
        {
            region = RegionEndpoint.GetBySystemName(options.Region);
        }
        else if (profile?.Region is not null)
        {
            region = profile.Region;
        }
        else
        {
            try
            {
                region = FallbackRegionFactory.GetRegionEndpoint(includeInstanceMetadata: false);
            }
            catch (AmazonClientException)
            {
                region = null;
            }
        }

        if (region is null)
        {
            throw new InputException("no AWS region: pass --region or set AWS_REGION (or a region in the profile)");
        }

        AWSCredentials credentials;
        try
        {
            if (profile is not null)
            {
                if (!new CredentialProfileStoreChain().TryGetAWSCredentials(options.Profile, out credentials))
                {
                    throw new InputException($"AWS profile '{options.Profile}' holds no usable credentials");
                }
            }
            else
            {
                credentials = DefaultAWSCredentialsIdentityResolver.GetCredentials(new AmazonSecurityTokenServiceConfig { RegionEndpoint = region });
            }
        }
        catch (AmazonClientException ex)
        {
            // The SDK's chain skips an SSO or credential_process profile (AWS_PROFILE or default) that fails to load; say why it failed.
            var named = Environment.GetEnvironmentVariable("AWS_PROFILE") ?? "default";
            if (new CredentialProfileStoreChain().TryGetAWSCredentials(named, out var fromProfile) && fromProfile is SSOAWSCredentials or ProcessAWSCredentials)
            {
                Load(fromProfile, named, options.Timeout ?? CollectorContext.DefaultTimeout);
            }

            throw new InputException($"no AWS credentials found ({FirstSentence(ex.Message)}); set AWS_PROFILE or AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, or pass --profile");
        }

        Load(credentials, options.Profile ?? Environment.GetEnvironmentVariable("AWS_PROFILE") ?? "default", options.Timeout ?? CollectorContext.DefaultTimeout);
        return new AwsSession(region, credentials, options);
    }

    /// <summary>
    /// Fetches SSO and credential_process credentials now, so an expired login or a failing process is said once, naming
    /// the profile, on the credentials-unknown path. SSO never starts a login (a browser): only the cached token is used.
    /// Both are bounded by the per-call timeout (a portal that does not answer, a helper waiting for input).
    /// </summary>
    private static void Load(AWSCredentials credentials, string profile, TimeSpan timeout)
    {
        if (credentials is SSOAWSCredentials sso)
        {
            sso.Options.SupportsGettingNewToken = false;
        }
        else if (credentials is not ProcessAWSCredentials)
        {
            return;
        }

        try
        {
            credentials.GetCredentialsAsync().WaitAsync(timeout).GetAwaiter().GetResult();
        }
        catch (AmazonServiceException ex) when (credentials is SSOAWSCredentials && ex.StatusCode is System.Net.HttpStatusCode.Unauthorized or System.Net.HttpStatusCode.Forbidden)
        {
            throw new InputException($"AWS profile '{profile}': the SSO portal refused the cached login ({FirstSentence(ex.Message)}); run aws sso login --profile {profile}");
        }
        catch (AmazonClientException ex) when (credentials is SSOAWSCredentials && ex.Message.Contains("SSO Token", StringComparison.OrdinalIgnoreCase))
        {
            throw new InputException($"AWS profile '{profile}' has no valid SSO login (the cached token is missing or expired); run aws sso login --profile {profile}");
        }
        catch (Exception ex) when (credentials is SSOAWSCredentials && ex is AmazonClientException or AmazonServiceException or HttpRequestException or IOException or OperationCanceledException)
        {
            throw new InputException($"AWS profile '{profile}': SSO credentials could not be obtained ({FirstSentence(ex.Message)})");
        }
        catch (TimeoutException)
        {
            throw new InputException($"AWS profile '{profile}': no credentials within {timeout.TotalSeconds:0.#} s from {(credentials is SSOAWSCredentials ? "the SSO portal" : "credential_process")}");
        }
        catch (ProcessAWSCredentialException ex)
        {
            throw new InputException($"AWS profile '{profile}': credential_process failed ({FirstSentence(ex.Message.Trim())})");
        }
    }

    /// <summary>Fetches the credentials once, so that missing or unloadable ones stop the run before any collection.</summary>
    public async Task<ImmutableCredentials> GetCredentialsAsync(CancellationToken ct)
    {
        try
        {
            return await Credentials.GetCredentialsAsync().WaitAsync(ct).ConfigureAwait(false);
        }
        catch (AmazonClientException ex)
        {
            throw new InputException($"the AWS credentials could not be loaded ({FirstSentence(ex.Message)}); refresh them or pass another --profile");
        }
    }

    public AmazonEC2Client Ec2() =>
        new(Credentials, Configure(new AmazonEC2Config(), "EC2"));

    public AmazonSecurityTokenServiceClient Sts() =>
        new(Credentials, Configure(new AmazonSecurityTokenServiceConfig(), "STS"));

    private T Configure<T>(T config, string service)
        where T : ClientConfig
    {
        config.RegionEndpoint = Region;
        config.Timeout = Timeout;
        config.MaxErrorRetry = Options.MaxRetries;
        config.RetryMode = RequestRetryMode.Standard;
        if (Endpoint(service) is { } url)
        {
            config.ServiceURL = url;
            config.AuthenticationRegion = RegionName;
        }

        return config;
    }

    /// <summary>The endpoint URL configured for a service (EC2, STS, IAM, LAMBDA, SAGEMAKER), or null for the default one.</summary>
    public string? Endpoint(string service) => _endpoints(service);

    /// <summary><c>AWS_ENDPOINT_URL_&lt;SERVICE&gt;</c>, then <c>AWS_ENDPOINT_URL</c>, unless <c>AWS_IGNORE_CONFIGURED_ENDPOINT_URLS</c> is true.</summary>
    public static string? ConfiguredEndpoint(string service)
    {
        if (string.Equals(Environment.GetEnvironmentVariable("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS"), "true", StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var specific = Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL_" + service.ToUpperInvariant());
        return !string.IsNullOrWhiteSpace(specific) ? specific : Environment.GetEnvironmentVariable("AWS_ENDPOINT_URL") is { Length: > 0 } all ? all : null;
    }

    /// <summary>
    /// Sends one request signed by the SDK's SigV4 signer (see <see cref="SignedCall"/> for why these calls are signed here), retrying throttling and 5xx answers with the SDK's
    /// standard-mode budget (exponential backoff with full jitter). Each attempt has <see cref="Timeout"/>.
    /// </summary>
    internal async Task<SignedResponse> SendAsync(SignedCall call, CancellationToken ct)
    {
        var credentials = await GetCredentialsAsync(ct).ConfigureAwait(false);
        for (var attempt = 0; ; attempt++)
        {
            using var timeout = CancellationTokenSource.CreateLinkedTokenSource(ct);
            timeout.CancelAfter(Timeout);
            var started = Stopwatch.GetTimestamp();
            using var message = Sign(call, credentials);
            HttpResponseMessage response;
            try
            {
                response = await _http.SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (!ct.IsCancellationRequested)
            {
                throw new AwsApiException(new Core.Facts.AwsStatus(Core.Facts.CollectionStatus.Timeout, $"{call.Action}: no answer within {Timeout.TotalSeconds:0.#} s", call.Action));
            }
            catch (HttpRequestException ex)
            {
                if (attempt < Options.MaxRetries)
                {
                    await Backoff(attempt, ct).ConfigureAwait(false);
                    continue;
                }

                throw new AwsApiException(new Core.Facts.AwsStatus(Core.Facts.CollectionStatus.Unreachable, $"{call.Action}: {ex.Message}", call.Action));
            }

            using (response)
            {
                byte[] body;
                bool tooLarge;
                try
                {
                    (body, tooLarge) = await ReadCappedAsync(response, call.MaxResponseBytes, timeout.Token).ConfigureAwait(false);
                }
                catch (OperationCanceledException) when (!ct.IsCancellationRequested)
                {
                    throw new AwsApiException(new Core.Facts.AwsStatus(Core.Facts.CollectionStatus.Timeout, $"{call.Action}: the answer did not arrive within {Timeout.TotalSeconds:0.#} s", call.Action));
                }

                var latency = Stopwatch.GetElapsedTime(started);
                var status = (int)response.StatusCode;
                if (status < 300)
                {
                    return new SignedResponse(status, body, tooLarge, response.Headers.Concat(response.Content.Headers)
                        .ToDictionary(h => h.Key, h => string.Join(",", h.Value), StringComparer.OrdinalIgnoreCase), latency);
                }

                var (code, text) = call.ParseError(status, response, body);
                if (AwsErrors.IsRetryable(code, status) && attempt < Options.MaxRetries)
                {
                    await Backoff(attempt, ct).ConfigureAwait(false);
                    continue;
                }

                throw AwsErrors.Classify(code, status, text, call.Action);
            }
        }
    }

    private static Task Backoff(int attempt, CancellationToken ct) =>
        Task.Delay(TimeSpan.FromMilliseconds(Random.Shared.NextDouble() * Math.Min(20_000, 100 * Math.Pow(2, attempt))), ct);

    private static async Task<(byte[] Body, bool TooLarge)> ReadCappedAsync(HttpResponseMessage response, long cap, CancellationToken ct)
    {
        if (response.Content.Headers.ContentLength is { } length && length > cap)
        {
            return ([], true);
        }

        await using var stream = await response.Content.ReadAsStreamAsync(ct).ConfigureAwait(false);
        using var buffer = new MemoryStream();
        var chunk = new byte[81920];
        int read;
        while ((read = await stream.ReadAsync(chunk, ct).ConfigureAwait(false)) > 0)
        {
            if (buffer.Length + read > cap)
            {
                return ([], true);
            }

            buffer.Write(chunk, 0, read);
        }

        return (buffer.ToArray(), false);
    }

    /// <param name="signedAt">Null in every run: the signer takes the SDK's clock-corrected now. Set only by the test that
    /// pins the signature against AWS's published SigV4 test vectors.</param>
    internal HttpRequestMessage Sign(SignedCall call, ImmutableCredentials credentials, DateTime? signedAt = null)
    {
        var config = new AmazonSecurityTokenServiceConfig { RegionEndpoint = Region };
        var endpoint = new Uri(call.Endpoint);
        var request = new DefaultRequest(new SignedCallRequest(), call.SigningName)
        {
            HttpMethod = call.Method,
            Endpoint = new Uri(endpoint.GetLeftPart(UriPartial.Authority)),
            ResourcePath = call.Path,
            Content = call.Body,
            AuthenticationRegion = call.SigningRegion,
            OverrideSigningServiceName = call.SigningName,
            UseQueryString = false,
        };

        // As the SDK's own marshallers do: the template path plus path resources, so the signer encodes them its way.
        foreach (var (key, value) in call.PathResources ?? new Dictionary<string, string>())
        {
            request.AddPathResource(key, value);
        }

        foreach (var (key, value) in call.Headers)
        {
            request.Headers[key] = value;
        }

        request.Headers["Host"] = endpoint.IsDefaultPort ? endpoint.Host : $"{endpoint.Host}:{endpoint.Port.ToString(CultureInfo.InvariantCulture)}";
        if (credentials.UseToken)
        {
            request.Headers["X-Amz-Security-Token"] = credentials.Token;
        }

        var signer = new AWS4Signer();
        var result = signedAt is { } at
            ? signer.SignRequest(request, config, null, credentials.AccessKey, credentials.SecretKey, at)
            : signer.SignRequest(request, config, null, credentials.AccessKey, credentials.SecretKey);
        request.Headers["Authorization"] = result.ForAuthorizationHeader;

        var message = new HttpRequestMessage(new HttpMethod(call.Method), new Uri(endpoint.GetLeftPart(UriPartial.Authority) + call.WirePath()));
        message.Content = new ByteArrayContent(call.Body ?? []);
        foreach (var (key, value) in request.Headers)
        {
            if (key.Equals("Host", StringComparison.OrdinalIgnoreCase))
            {
                continue;
            }

            if (key.StartsWith("Content-", StringComparison.OrdinalIgnoreCase))
            {
                message.Content.Headers.Remove(key);
                message.Content.Headers.TryAddWithoutValidation(key, value);
            }
            else
            {
                message.Headers.TryAddWithoutValidation(key, value);
            }
        }

        return message;
    }

    private static string FirstSentence(string text)
    {
        var line = text.ReplaceLineEndings(" ");
        var dot = line.IndexOf(". ", StringComparison.Ordinal);
        return (dot > 0 ? line[..dot] : line).TrimEnd('.');
    }

    public void Dispose() => _http.Dispose();

    private sealed class SignedCallRequest : AmazonWebServiceRequest;
}

/// <summary>
/// One request for the signer: endpoint, path (already escaped), headers and body. Lambda, IAM and SageMaker are called
/// through this hand-built request, signed by AWSSDK.Core's own SigV4 signer, because the AWSSDK.Lambda,
/// AWSSDK.IdentityManagement and AWSSDK.SageMaker packages are not served to this build; EC2 and STS use their SDK clients.
/// AwsSigV4VectorTests pins the signing against AWS's published test vectors.
/// </summary>
internal sealed record SignedCall(
    string Action,
    string Endpoint,
    string SigningName,
    string SigningRegion,
    string Method,
    string Path,
    IReadOnlyDictionary<string, string> Headers,
    byte[]? Body,
    Func<int, HttpResponseMessage, byte[], (string? Code, string? Message)> ParseError,
    long MaxResponseBytes = 16 * 1024 * 1024,
    IReadOnlyDictionary<string, string>? PathResources = null)
{
    /// <summary>The path with each resource escaped once, as it goes on the wire.</summary>
    public string WirePath() =>
        (PathResources ?? new Dictionary<string, string>()).Aggregate(Path, (path, r) => path.Replace(r.Key, Uri.EscapeDataString(r.Value), StringComparison.Ordinal));
}

internal sealed record SignedResponse(int StatusCode, byte[] Body, bool TooLarge, IReadOnlyDictionary<string, string> Headers, TimeSpan Latency);
