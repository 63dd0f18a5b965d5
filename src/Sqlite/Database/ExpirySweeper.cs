using ChatHub.Conversation.Retention;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Options;

namespace ChatHub.Sqlite.Database;

/// <summary>
/// Deletes expired rows, and rows past their <c>Retention</c> period, every <see cref="StorageOptions.SweepInterval"/>
/// (reads already ignore them), in chunks of
/// <see cref="Chunk"/> rows per write so that the messages' writes go on in between. Does nothing while no store or
/// inbox of this process uses the database (Redis and Kafka took over).
/// </summary>
internal sealed partial class ExpirySweeper : BackgroundService
{
    internal const int Chunk = 2000;

    private readonly SqliteDatabaseHolder _holder;
    private readonly StorageOptions _options;
    private readonly RetentionOptions _retention;
    private readonly TimeProvider _time;
    private readonly ILogger<ExpirySweeper> _logger;

    public ExpirySweeper(
        SqliteDatabaseHolder holder, IOptions<StorageOptions> options, IOptions<RetentionOptions> retention, TimeProvider time, ILogger<ExpirySweeper> logger)
    {
        _holder = holder;
        _options = options.Value;
        _retention = retention.Value;
        _time = time;
        _logger = logger;
    }

    /// <summary>One sweep of every table; returns the rows deleted.</summary>
    public static async Task<long> SweepAsync(SqliteDatabase database, RetentionOptions retention, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(database);
        ArgumentNullException.ThrowIfNull(retention);
        var deleted = (long)database.Leases.Sweep(database.Now);
        foreach (var statement in SqliteSchema.Sweeps)
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                var now = database.Now;
                var rows = await database.WriteAsync(s => s.Execute(statement, now, Chunk));
                deleted += rows;
                if (rows < Chunk)
                {
                    break;
                }
            }
        }

        foreach (var (statement, kind) in SqliteSchema.RetentionSweeps)
        {
            var period = kind switch
            {
                RetentionKind.WebChatIdentities => retention.WebChatIdentities,
                RetentionKind.Audit => retention.Audit,
                RetentionKind.Memories => retention.Memories,
                _ => retention.Identities,
            };
            while (!cancellationToken.IsCancellationRequested)
            {
                var cutoff = database.Now - period.Ticks;
                var rows = await database.WriteAsync(s => s.Execute(statement, cutoff, Chunk));
                deleted += rows;
                if (rows < Chunk)
                {
                    break;
                }
            }
        }

        return deleted;
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(_options.SweepInterval, _time);
        while (await timer.WaitForNextTickAsync(stoppingToken))
        {
            if (!_holder.IsOpen)
            {
                continue;
            }

            try
            {
                var deleted = await SweepAsync(_holder.Database, _retention, stoppingToken);
                LogSwept(_logger, deleted);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                LogSweepFailed(_logger, ex.GetType().Name, ex); // loop boundary: the next tick tries again
            }
        }
    }

    [LoggerMessage(EventId = 5570, Level = LogLevel.Debug, Message = "Expiry sweep deleted {Count} rows")]
    private static partial void LogSwept(ILogger logger, long count);

    [LoggerMessage(EventId = 5571, Level = LogLevel.Warning, Message = "Expiry sweep failed ({ErrorType}); trying again at the next interval")]
    private static partial void LogSweepFailed(ILogger logger, string errorType, Exception exception);
}
