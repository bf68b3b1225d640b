using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inkport.Core.Documents;

/// <summary>How document parts are serialised in the store: compact JSON, defaults omitted.</summary>
internal static class PartJson
{
    public static readonly JsonSerializerOptions Options = new()
    {
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingDefault,
        Converters = { new JsonStringEnumConverter() },
        // A required property is written even when it holds its default (an image's MediaIndex 0),
        // or the part could not be read back.
        TypeInfoResolver = new System.Text.Json.Serialization.Metadata.DefaultJsonTypeInfoResolver
        {
            Modifiers =
            {
                info =>
                {
                    foreach (var property in info.Properties)
                        if (property.IsRequired) property.ShouldSerialize = static (_, _) => true;
                },
            },
        },
        // Parts are read back by this code only, never embedded in HTML: CJK text stays 3 UTF-8 bytes, not a 6-byte escape.
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    public static byte[] Serialize<T>(T value) => JsonSerializer.SerializeToUtf8Bytes(value, Options);

    public static T Deserialize<T>(byte[] data) =>
        JsonSerializer.Deserialize<T>(data, Options) ?? throw new InvalidDataException($"empty {typeof(T).Name} part");
}

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
