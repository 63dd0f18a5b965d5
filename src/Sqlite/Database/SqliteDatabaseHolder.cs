using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Database;

/// <summary>
/// Opens the database the first time a store or the inbox needs it, so a hub whose stores are on Redis and bus on
/// Kafka never creates the data folder; disposed (the queued writes committed) with the container.
/// </summary>
internal sealed class SqliteDatabaseHolder : IDisposable
{
    private readonly Lazy<SqliteDatabase> _database;

    public SqliteDatabaseHolder(IOptions<StorageOptions> options, IHostEnvironment environment, TimeProvider time, ILogger<SqliteDatabase> logger)
    {
        var settings = options.Value;
        _database = new Lazy<SqliteDatabase>(
            () => new SqliteDatabase(settings.ResolveFolder(environment.ContentRootPath), settings.Durability, settings.MaxBatchSize, time, logger));
    }

    public bool IsOpen => _database.IsValueCreated;

    public SqliteDatabase Database => _database.Value;

    public void Dispose()
    {
        if (_database.IsValueCreated)
        {
            _database.Value.Dispose();
        }
    }
}
