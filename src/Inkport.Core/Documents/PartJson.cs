using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;
using System.Text.Json.Serialization.Metadata;

namespace Inkport.Core.Documents;

/// <summary>How document parts are serialised in the store: compact JSON, defaults omitted, by the
/// source-generated serialisers of <see cref="PartJsonContext"/> (an import writes 20,000 block parts).</summary>
internal static class PartJson
{
    /// <summary>Parts are read back by this code only, never embedded in HTML: CJK text stays 3 UTF-8 bytes, not a 6-byte escape.</summary>
    public static readonly JavaScriptEncoder Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping;

    private static readonly PartJsonContext Context = new(new JsonSerializerOptions
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Encoder = Encoder,
    });

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Part<T>.TypeInfo);

    public static T Deserialize<T>(byte[] data) =>
        JsonSerializer.Deserialize(data, Part<T>.TypeInfo) ?? throw new InvalidDataException($"empty {typeof(T).Name} part");

    /// <summary>Looked up once per type: the context's lookup checks the type every time.</summary>
    private static class Part<T>
    {
        public static readonly JsonTypeInfo<T> TypeInfo = (JsonTypeInfo<T>)(Context.GetTypeInfo(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not a part type"));
    }
}

/// <summary>Every type stored as a JSON part. A value that must be read back even when it holds its default
/// (an image's MediaIndex 0) says so with <c>[JsonIgnore(Condition = Never)]</c> on the model.</summary>
[JsonSourceGenerationOptions(DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault, UseStringEnumConverter = true)]
[JsonSerializable(typeof(StoredBlock[]))]
[JsonSerializable(typeof(DocxMeta))]
[JsonSerializable(typeof(SpreadsheetMeta))]
[JsonSerializable(typeof(SheetMeta))]
[JsonSerializable(typeof(StoredRow[]))]
[JsonSerializable(typeof(BitableMeta))]
[JsonSerializable(typeof(StoredTable))]
[JsonSerializable(typeof(StoredRecord[]))]
internal sealed partial class PartJsonContext : JsonSerializerContext;

/// <summary>Opaque page tokens over a position: clients must not parse them, and a forged one is refused.</summary>
public static class PageTokens
{
    public static string Encode(long position) =>
        Convert.ToBase64String(System.Text.Encoding.ASCII.GetBytes($"p{position}")).TrimEnd('=').Replace('+', '-').Replace('/', '_');

    public static bool TryDecode(string? token, out long position)
    {
        position = 0;
        if (string.IsNullOrEmpty(token)) return true;
        try
        {
            var b64 = token.Replace('-', '+').Replace('_', '/');
            b64 = b64.PadRight(b64.Length + (4 - b64.Length % 4) % 4, '=');
            var text = System.Text.Encoding.ASCII.GetString(Convert.FromBase64String(b64));
            return text.StartsWith('p') && long.TryParse(text.AsSpan(1), System.Globalization.NumberStyles.None, null, out position);
        }
        catch (FormatException)
        {
            return false;
        }
    }
}

/// <summary>One page of a listing.</summary>
public sealed record Page<T>(IReadOnlyList<T> Items, string? NextPageToken, long Total)
{
    public bool HasMore => NextPageToken is not null;
}
