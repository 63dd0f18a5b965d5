using System.Globalization;
using Microsoft.Data.Sqlite;

namespace ChatHub.Sqlite.Database;

/// <summary>
/// One open connection and its prepared statements, cached by SQL text (a statement is compiled once per connection,
/// then only re-bound). Parameters are positional: <c>$p0</c>, <c>$p1</c>, … in the SQL, values in that order. Used by one
/// thread at a time: the writer's own session, or a reader session rented from the pool.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, SqliteCommand> _statements = new(StringComparer.Ordinal);

    public SqliteSession(string connectionString)
    {
        Connection = new SqliteConnection(connectionString);
        Connection.Open();
    }

    public SqliteConnection Connection { get; }

    /// <summary>Whether a transaction is open on the connection (SQLite's autocommit flag is off).</summary>
    public bool InTransaction => SQLitePCL.raw.sqlite3_get_autocommit(Connection.Handle) == 0;

    public int Execute(string sql, params object?[] values) => Bind(sql, values).ExecuteNonQuery();

    public object? Scalar(string sql, params object?[] values)
    {
        var result = Bind(sql, values).ExecuteScalar();
        return result is DBNull ? null : result;
    }

    public long? Int64(string sql, params object?[] values) =>
        Scalar(sql, values) is { } value ? Convert.ToInt64(value, CultureInfo.InvariantCulture) : null;

    public string? Text(string sql, params object?[] values) => (string?)Scalar(sql, values);

    /// <summary>Reads every row with <paramref name="map"/>; the reader is closed before this returns.</summary>
    public List<T> Query<T>(string sql, Func<SqliteDataReader, T> map, params object?[] values)
    {
        using var reader = Bind(sql, values).ExecuteReader();
        var rows = new List<T>();
        while (reader.Read())
        {
            rows.Add(map(reader));
        }

        return rows;
    }

    /// <summary>The first row mapped, or <paramref name="none"/> when there is none.</summary>
    public T Single<T>(string sql, Func<SqliteDataReader, T> map, T none, params object?[] values)
    {
        using var reader = Bind(sql, values).ExecuteReader();
        return reader.Read() ? map(reader) : none;
    }

    public void Dispose()
    {
        foreach (var statement in _statements.Values)
        {
            statement.Dispose();
        }

        _statements.Clear();
        Connection.Dispose();
    }

    private SqliteCommand Bind(string sql, object?[] values)
    {
        if (!_statements.TryGetValue(sql, out var command))
        {
            command = Connection.CreateCommand();
            command.CommandText = sql;
            for (var i = 0; i < values.Length; i++)
            {
                command.Parameters.Add(new SqliteParameter("$p" + i.ToString(CultureInfo.InvariantCulture), null));
            }

            command.Prepare();
            _statements.Add(sql, command);
        }

        for (var i = 0; i < values.Length; i++)
        {
            command.Parameters[i].Value = values[i] ?? DBNull.Value;
        }

        return command;
    }
}
