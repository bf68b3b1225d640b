using Npgsql;
using NpgsqlTypes;

namespace Inkport.Storage.Postgres.Stores;

/// <summary>How domain values map to columns — times as Unix milliseconds (UTC), enums by name, as in the SQLite
/// store — and typed parameters, so a null still tells the server its type.</summary>
internal static class Columns
{
    public static long Time(DateTimeOffset value) => value.ToUnixTimeMilliseconds();

    public static long? Time(DateTimeOffset? value) => value?.ToUnixTimeMilliseconds();

    public static DateTimeOffset Time(long unixMilliseconds) => DateTimeOffset.FromUnixTimeMilliseconds(unixMilliseconds);

    public static string Name<TEnum>(TEnum value) where TEnum : struct, Enum =>
        Enum.IsDefined(value) ? value.ToString() : throw new ArgumentOutOfRangeException(nameof(value), value, $"not a {typeof(TEnum).Name}");

    public static TEnum Parse<TEnum>(string name) where TEnum : struct, Enum =>
        Enum.TryParse<TEnum>(name, ignoreCase: false, out var value) && Enum.IsDefined(value)
            ? value
            : throw new InvalidDataException($"stored value '{name}' is not a {typeof(TEnum).Name}");

    public static NpgsqlParameterCollection Text(this NpgsqlParameterCollection parameters, string name, string? value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Text) { Value = (object?)value ?? DBNull.Value });
        return parameters;
    }

    public static NpgsqlParameterCollection Int32(this NpgsqlParameterCollection parameters, string name, int value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Integer) { Value = value });
        return parameters;
    }

    public static NpgsqlParameterCollection Int64(this NpgsqlParameterCollection parameters, string name, long? value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Bigint) { Value = (object?)value ?? DBNull.Value });
        return parameters;
    }

    public static NpgsqlParameterCollection Bytes(this NpgsqlParameterCollection parameters, string name, byte[] value)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Bytea) { Value = value });
        return parameters;
    }

    public static NpgsqlParameterCollection TextArray(this NpgsqlParameterCollection parameters, string name, IReadOnlyList<string> values)
    {
        parameters.Add(new NpgsqlParameter(name, NpgsqlDbType.Array | NpgsqlDbType.Text) { Value = values.ToArray() });
        return parameters;
    }

    public static string? NullableText(this NpgsqlDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetString(ordinal);

    public static long? NullableInt64(this NpgsqlDataReader row, int ordinal) => row.IsDBNull(ordinal) ? null : row.GetInt64(ordinal);
}
