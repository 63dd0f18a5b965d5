using Microsoft.Data.Sqlite;
using SQLitePCL;

namespace ChatHub.Sqlite.Database;

/// <summary>
/// One open connection and its prepared statements, cached by SQL text (compiled once per connection, then only re-bound
/// and stepped). The statements run through SQLite's own API (SQLitePCL, the library under Microsoft.Data.Sqlite): the
/// ADO.NET command and reader objects cost more than the statement itself at the writer's rate (measured: the writer
/// is the hub's one serial resource). Parameters are positional: <c>$p0</c>, <c>$p1</c>, … in the SQL, values in that
/// order (string, long, int, bool, double, byte[] or null). Used by one thread at a time: the writer's own session, or
/// a reader session rented from the pool.
/// </summary>
internal sealed class SqliteSession : IDisposable
{
    private readonly Dictionary<string, (sqlite3_stmt Statement, int[] Slots)> _statements = new(StringComparer.Ordinal);

    public SqliteSession(string connectionString)
    {
        Connection = new SqliteConnection(connectionString);
        Connection.Open();
    }

    public SqliteConnection Connection { get; }

    /// <summary>Whether a transaction is open on the connection (SQLite's autocommit flag is off).</summary>
    public bool InTransaction => raw.sqlite3_get_autocommit(Connection.Handle) == 0;

    /// <summary>Runs the statement to its end; returns the rows it changed.</summary>
    public int Execute(string sql, params object?[] values)
    {
        var statement = Bind(sql, values);
        try
        {
            while (Step(statement))
            {
            }

            return raw.sqlite3_changes(Connection.Handle);
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>The first column of the first row (null when none, or NULL), after running the statement to its end.</summary>
    public object? Scalar(string sql, params object?[] values) => Single(sql, static row => row.GetValue(0), null, values);

    public long? Int64(string sql, params object?[] values) => Single<long?>(sql, static row => row.IsDBNull(0) ? null : row.GetInt64(0), null, values);

    public string? Text(string sql, params object?[] values) => Single(sql, static row => row.IsDBNull(0) ? null : row.GetString(0), null, values);

    /// <summary>Reads every row with <paramref name="map"/>.</summary>
    public List<T> Query<T>(string sql, Func<SqliteRow, T> map, params object?[] values)
    {
        var statement = Bind(sql, values);
        try
        {
            var rows = new List<T>();
            while (Step(statement))
            {
                rows.Add(map(new SqliteRow(statement)));
            }

            return rows;
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    /// <summary>The first row mapped, or <paramref name="none"/> when there is none; the statement runs to its end (RETURNING).</summary>
    public T Single<T>(string sql, Func<SqliteRow, T> map, T none, params object?[] values)
    {
        var statement = Bind(sql, values);
        try
        {
            var result = none;
            var first = true;
            while (Step(statement))
            {
                if (first)
                {
                    result = map(new SqliteRow(statement));
                    first = false;
                }
            }

            return result;
        }
        finally
        {
            raw.sqlite3_reset(statement);
        }
    }

    public void Dispose()
    {
        foreach (var (statement, _) in _statements.Values)
        {
            raw.sqlite3_finalize(statement);
        }

        _statements.Clear();
        Connection.Dispose();
    }

    private bool Step(sqlite3_stmt statement)
    {
        var rc = raw.sqlite3_step(statement);
        if (rc == raw.SQLITE_ROW)
        {
            return true;
        }

        if (rc != raw.SQLITE_DONE)
        {
            SqliteException.ThrowExceptionForRC(rc, Connection.Handle);
        }

        return false;
    }

    private sqlite3_stmt Bind(string sql, object?[] values)
    {
        var db = Connection.Handle!;
        if (!_statements.TryGetValue(sql, out var prepared))
        {
            var rc = raw.sqlite3_prepare_v2(db, sql, out var compiled);
            SqliteException.ThrowExceptionForRC(rc, db);
            // SQLite numbers parameters in order of first appearance; $pN is the N-th value whatever its place.
            var slots = new int[values.Length];
            for (var i = 0; i < slots.Length; i++)
            {
                slots[i] = raw.sqlite3_bind_parameter_index(compiled, "$p" + i.ToString(System.Globalization.CultureInfo.InvariantCulture));
            }

            prepared = (compiled, slots);
            _statements.Add(sql, prepared);
        }

        var (statement, slot) = prepared;
        for (var i = 0; i < values.Length; i++)
        {
            var rc = values[i] switch
            {
                null => raw.sqlite3_bind_null(statement, slot[i]),
                string text => raw.sqlite3_bind_text(statement, slot[i], text),
                long number => raw.sqlite3_bind_int64(statement, slot[i], number),
                int number => raw.sqlite3_bind_int64(statement, slot[i], number),
                bool flag => raw.sqlite3_bind_int64(statement, slot[i], flag ? 1 : 0),
                double real => raw.sqlite3_bind_double(statement, slot[i], real),
                byte[] blob => raw.sqlite3_bind_blob(statement, slot[i], blob),
                var other => throw new ArgumentException($"A {other.GetType().Name} cannot be bound as a SQLite value.", nameof(values)),
            };
            SqliteException.ThrowExceptionForRC(rc, db);
        }

        return statement;
    }
}

/// <summary>The current row of a statement (valid only inside the map callback).</summary>
internal readonly struct SqliteRow(sqlite3_stmt statement)
{
    public bool IsDBNull(int column) => raw.sqlite3_column_type(statement, column) == raw.SQLITE_NULL;

    public string GetString(int column) => raw.sqlite3_column_text(statement, column).utf8_to_string();

    public long GetInt64(int column) => raw.sqlite3_column_int64(statement, column);

    public byte[] GetBlob(int column) => raw.sqlite3_column_blob(statement, column).ToArray();

    public object? GetValue(int column) => raw.sqlite3_column_type(statement, column) switch
    {
        raw.SQLITE_NULL => null,
        raw.SQLITE_INTEGER => GetInt64(column),
        raw.SQLITE_FLOAT => raw.sqlite3_column_double(statement, column),
        raw.SQLITE_BLOB => GetBlob(column),
        _ => GetString(column),
    };
}
