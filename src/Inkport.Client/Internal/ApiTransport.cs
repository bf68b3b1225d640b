using System.Globalization;
using System.Net.Http.Headers;
using System.Text.Json;
using Inkport.Contracts;

namespace Inkport.Client.Internal;

/// <summary>Sends API calls: the tenant token, the {code, msg, data} envelope, errors as
/// <see cref="InkportApiException"/>, retries of transient failures and of rejected tokens.</summary>
internal sealed class ApiTransport
{
    /// <summary>Codes that mean "slow down or try again" (spec/08 §1.2; spec/02 for 1061045 and 1061006).</summary>
    private static readonly HashSet<int> TransientCodes = [99991400, 1069923, 1061045, 1061006, 1254290, 90217];

    /// <summary>Codes that mean "this token is not valid (any more)": fetch another and retry once (spec/01 §2).</summary>
    private static readonly HashSet<int> TokenRejectedCodes = [99991663, 99991664, 99991671];

    private readonly Func<HttpClient> _http;
    private readonly InkportClientOptions _options;
    private readonly TimeProvider _time;
    private readonly TenantTokenCache _tokens;

    public ApiTransport(Func<HttpClient> http, InkportClientOptions options)
    {
        _http = http;
        _options = options;
        _time = options.TimeProvider;
        _tokens = new TenantTokenCache(FetchTenantTokenAsync, _time);
        ImportCreates = new RateGate(options.ImportCreatesPerMinute, TimeSpan.FromMinutes(1), _time);
        ImportGetsPerSecond = new RateGate(options.ImportGetsPerSecond, TimeSpan.FromSeconds(1), _time);
        ImportGetsPerMinute = new RateGate(options.ImportGetsPerMinute, TimeSpan.FromMinutes(1), _time);
    }

    /// <summary>Pacing of this client's import creates and gets, shared by every caller of the client.</summary>
    public RateGate ImportCreates { get; }
    public RateGate ImportGetsPerSecond { get; }
    public RateGate ImportGetsPerMinute { get; }

    public InkportClientOptions Options => _options;

    /// <summary>Sends the call and returns its `data`, deserialized.</summary>
    public async Task<T> GetDataAsync<T>(ApiRequest request, CancellationToken cancellationToken)
    {
        using var body = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        if (!body.RootElement.TryGetProperty("data", out var data) || data.ValueKind == JsonValueKind.Null)
            throw new InkportApiException(0, "the response has no data", 200, null, false, request.Name);
        return data.Deserialize<T>(Json.Options)
               ?? throw new InkportApiException(0, "the response's data is empty", 200, null, false, request.Name);
    }

    /// <summary>Sends the call until it succeeds, fails for good, or runs out of retries; returns the whole JSON body.</summary>
    public async Task<JsonDocument> SendAsync(ApiRequest request, CancellationToken cancellationToken)
    {
        var tokenRenewed = false;
        for (var attempt = 0; ; attempt++)
        {
            var token = request.Authenticated ? await _tokens.GetAsync(cancellationToken).ConfigureAwait(false) : null;
            var outcome = await AttemptAsync(request, token, cancellationToken).ConfigureAwait(false);
            if (outcome.Body is not null) return outcome.Body;

            var failure = outcome.Failure!;
            if (token is not null && !tokenRenewed && TokenRejectedCodes.Contains(failure.Code))
            {
                _tokens.Invalidate(token);
                tokenRenewed = true;
                attempt--;
                continue;
            }
            if (!failure.IsTransient || !outcome.SafeToResend || attempt >= _options.MaxRetries) throw failure;
            await Task.Delay(RetryDelay(attempt, outcome.ServerReset, _options), _time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>The wait before retry number <paramref name="attempt"/>+1: the server's reset when it gave one,
    /// else exponential from <see cref="InkportClientOptions.RetryBaseDelay"/>; with up to 25% jitter, capped.</summary>
    internal static TimeSpan RetryDelay(int attempt, TimeSpan? serverReset, InkportClientOptions options)
    {
        var delay = serverReset ?? options.RetryBaseDelay * Math.Pow(2, Math.Min(attempt, 16));
        delay += delay * (Random.Shared.NextDouble() * 0.25) + TimeSpan.FromMilliseconds(Random.Shared.Next(0, 50));
        return delay < options.MaxRetryDelay ? delay : options.MaxRetryDelay;
    }

    /// <summary>x-ogw-ratelimit-reset: seconds until the window recovers (integers documented, fractions tolerated).</summary>
    internal static TimeSpan? ParseReset(HttpResponseHeaders headers) =>
        headers.TryGetValues("x-ogw-ratelimit-reset", out var values)
        && double.TryParse(values.FirstOrDefault(), NumberStyles.Float, CultureInfo.InvariantCulture, out var seconds)
        && seconds >= 0 && double.IsFinite(seconds)
            ? TimeSpan.FromSeconds(seconds)
            : null;

    private sealed record Outcome(JsonDocument? Body, InkportApiException? Failure, bool SafeToResend, TimeSpan? ServerReset);

    private async Task<Outcome> AttemptAsync(ApiRequest request, string? token, CancellationToken cancellationToken)
    {
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        timeout.CancelAfter(_options.RequestTimeout);
        using var message = new HttpRequestMessage(request.Method, new Uri(_options.BaseUrl, request.PathAndQuery));
        message.Content = request.Content?.Invoke();
        if (token is not null) message.Headers.Authorization = new AuthenticationHeaderValue("Bearer", token);

        HttpResponseMessage response;
        try
        {
            response = await _http().SendAsync(message, HttpCompletionOption.ResponseHeadersRead, timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
        {
            return NoAnswer($"no answer within {_options.RequestTimeout.TotalSeconds:0.#} s", e, request.Idempotent);
        }
        catch (HttpRequestException e)
        {
            // A connection that never opened carried nothing: sending again cannot duplicate anything.
            var notSent = e.HttpRequestError is HttpRequestError.ConnectionError or HttpRequestError.NameResolutionError;
            return NoAnswer(e.Message, e, request.Idempotent || notSent);
        }

        using (response)
        {
            var status = (int)response.StatusCode;
            var logId = Header(response, "X-Tt-Logid") ?? Header(response, "X-Request-Id");
            var reset = ParseReset(response.Headers);
            var throttled = status == 429;
            JsonDocument? body = null;
            try
            {
                if (response.Content.Headers.ContentType?.MediaType?.Contains("json", StringComparison.OrdinalIgnoreCase) == true)
                {
                    await using var stream = await response.Content.ReadAsStreamAsync(timeout.Token).ConfigureAwait(false);
                    body = await JsonDocument.ParseAsync(stream, cancellationToken: timeout.Token).ConfigureAwait(false);
                }
            }
            catch (JsonException)
            {
                // reported below as a body that is not the envelope
            }
            catch (OperationCanceledException e) when (!cancellationToken.IsCancellationRequested)
            {
                return NoAnswer($"the answer did not finish within {_options.RequestTimeout.TotalSeconds:0.#} s", e, request.Idempotent);
            }
            catch (HttpRequestException e)
            {
                return NoAnswer(e.Message, e, request.Idempotent);
            }

            if (body is null || body.RootElement.ValueKind != JsonValueKind.Object)
            {
                body?.Dispose();
                var transient = throttled || IsTransientStatus(status);
                return new Outcome(null, new InkportApiException(InkportApiException.NoCode, $"HTTP {status} without a JSON envelope",
                    status, logId, transient, request.Name), true, reset);
            }

            var root = body.RootElement;
            var code = root.TryGetProperty("code", out var codeElement) && codeElement.TryGetInt32(out var c) ? c : InkportApiException.NoCode;
            if (code == 0 && status < 400) return new Outcome(body, null, true, null);

            var msg = Text(root, "msg") ?? Text(root, "error_description") ?? Text(root, "error") ?? "";
            if (root.TryGetProperty("error", out var error) && error.ValueKind == JsonValueKind.Object)
                logId ??= Text(error, "log_id");
            body.Dispose();
            var isTransient = TransientCodes.Contains(code) || throttled || IsTransientStatus(status);
            return new Outcome(null, new InkportApiException(code == 0 ? InkportApiException.NoCode : code, msg, status, logId, isTransient, request.Name),
                true, reset);
        }

        Outcome NoAnswer(string why, Exception inner, bool safeToResend) =>
            new(null, new InkportApiException(InkportApiException.NoCode, why, 0, null, true, request.Name, inner), safeToResend, null);
    }

    /// <summary>5xx is transient, except 501 and 505: the server will not do this however often it is asked.</summary>
    private static bool IsTransientStatus(int status) => status >= 500 && status != 501 && status != 505;

    private static string? Header(HttpResponseMessage response, string name) =>
        response.Headers.TryGetValues(name, out var values) ? values.FirstOrDefault() : null;

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;

    /// <summary>POST auth/v3/tenant_access_token/internal; its fields are at the top level (spec/01 §2).</summary>
    private async Task<(string, int)> FetchTenantTokenAsync(CancellationToken cancellationToken)
    {
        var request = ApiRequest.PostJson("/open-apis/auth/v3/tenant_access_token/internal",
            new AppCredentialsRequest(_options.AppId, _options.AppSecret), idempotent: true) with { Authenticated = false };
        using var body = await SendAsync(request, cancellationToken).ConfigureAwait(false);
        var response = body.RootElement.Deserialize<TenantTokenResponse>(Json.Options);
        if (string.IsNullOrEmpty(response?.TenantAccessToken))
            throw new InkportApiException(0, "the token response has no tenant_access_token", 200, null, false, request.Name);
        return (response.TenantAccessToken, response.Expire);
    }
}
