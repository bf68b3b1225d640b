using System.Runtime.CompilerServices;

namespace Inkport.Client.Internal;

internal static class Paging
{
    /// <summary>Follows page tokens until has_more is false; a server that repeats a token is an error, not a loop.</summary>
    public static async IAsyncEnumerable<T> AllAsync<T>(
        Func<string?, CancellationToken, Task<(IReadOnlyList<T> Items, bool HasMore, string? Next)>> page, string what,
        [EnumeratorCancellation] CancellationToken cancellationToken)
    {
        string? token = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (true)
        {
            var (items, hasMore, next) = await page(token, cancellationToken).ConfigureAwait(false);
            foreach (var item in items ?? []) yield return item;
            if (!hasMore) yield break;
            if (string.IsNullOrEmpty(next) || !seen.Add(next))
                throw new InkportApiException(0, $"{what}: has_more without a new page token", 200, null, false, what);
            token = next;
        }
    }

    public static string Query(params (string Name, string? Value)[] parameters)
    {
        var present = parameters.Where(p => !string.IsNullOrEmpty(p.Value)).Select(p => $"{p.Name}={Uri.EscapeDataString(p.Value!)}").ToList();
        return present.Count == 0 ? "" : "?" + string.Join('&', present);
    }

    public static string Segment(string value) => Uri.EscapeDataString(value);
}
