namespace Inkport.Client.Internal;

/// <summary>One API call, able to build its body again for each attempt.</summary>
internal sealed record ApiRequest(HttpMethod Method, string PathAndQuery)
{
    /// <summary>Builds a fresh body for each attempt (a stream is rewound by the factory).</summary>
    public Func<HttpContent>? Content { get; init; }

    /// <summary>Carries the tenant access token.</summary>
    public bool Authenticated { get; init; } = true;

    /// <summary>Safe to send again when the outcome is unknown (a timeout or a dropped connection after sending):
    /// reads and uploads are, creating a folder or an import task is not.</summary>
    public bool Idempotent { get; init; }

    public string Name
    {
        get
        {
            var query = PathAndQuery.IndexOf('?');
            return $"{Method} {(query < 0 ? PathAndQuery : PathAndQuery[..query])}";
        }
    }

    public static ApiRequest Get(string pathAndQuery) => new(HttpMethod.Get, pathAndQuery) { Idempotent = true };

    public static ApiRequest PostJson<T>(string path, T body, bool idempotent = false) =>
        new(HttpMethod.Post, path) { Content = () => Json.Content(body), Idempotent = idempotent };
}
