using System.Text.Json;
using System.Text.Json.Serialization;

namespace Inkport.Client.Internal;

internal static class Json
{
    /// <summary>The wire records carry their Feishu names; numbers sent as strings are accepted too.</summary>
    public static readonly JsonSerializerOptions Options = new(JsonSerializerDefaults.General)
    {
        NumberHandling = JsonNumberHandling.AllowReadingFromString,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
    };

    public static HttpContent Content<T>(T body) =>
        System.Net.Http.Json.JsonContent.Create(body, options: Options);
}
