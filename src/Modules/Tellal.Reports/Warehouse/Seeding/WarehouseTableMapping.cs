using System.Linq.Expressions;
using Microsoft.EntityFrameworkCore;
using Microsoft.EntityFrameworkCore.Metadata;

namespace Tellal.Reports.Warehouse.Seeding;

/// <summary>One column as the bulk loaders write it: its name, the provider value of a row, the provider type.</summary>
internal sealed record WarehouseColumn<T>(string Name, Func<T, object?> ProviderValue, Type ProviderType);

/// <summary>
/// Table and columns of an entity, read from the EF model of the context being seeded. The loaders write
/// exactly what EF would: the same column names and the same value conversions (on SQLite, timestamps are
/// stored as EF's encoded integers), so reports querying through EF see the rows as if EF had saved them.
/// </summary>
internal sealed class WarehouseTableMapping<T>
    where T : class
{
    private WarehouseTableMapping(string table, IReadOnlyList<WarehouseColumn<T>> columns)
    {
        Table = table;
        Columns = columns;
    }

    public string Table { get; }

    public IReadOnlyList<WarehouseColumn<T>> Columns { get; }

    public static WarehouseTableMapping<T> From(IModel model)
    {
        var entity = model.FindEntityType(typeof(T))
            ?? throw new InvalidOperationException($"{typeof(T).Name} is not in the model: add WarehouseModel.Configure to the context.");
        var columns = entity.GetProperties().Select(Column).ToArray();
        return new WarehouseTableMapping<T>(entity.GetTableName()!, columns);
    }

    private static WarehouseColumn<T> Column(IProperty property)
    {
        var converter = property.GetTypeMapping().Converter;
        // Compiled once per column: row => (object)convert(row.Property), with the converter inlined.
        var row = Expression.Parameter(typeof(T), "row");
        Expression value = Expression.Property(row, property.PropertyInfo!);
        if (converter is not null)
        {
            value = ReplacingVisitor.Inline(converter.ConvertToProviderExpression, value);
        }

        var read = Expression.Lambda<Func<T, object?>>(Expression.Convert(value, typeof(object)), row).Compile();
        return new WarehouseColumn<T>(property.GetColumnName(), read, converter?.ProviderClrType ?? property.ClrType);
    }

    /// <summary>Substitutes the converter lambda's parameter by the property access.</summary>
    private sealed class ReplacingVisitor(ParameterExpression parameter, Expression replacement) : ExpressionVisitor
    {
        public static Expression Inline(LambdaExpression lambda, Expression argument) =>
            new ReplacingVisitor(lambda.Parameters[0], argument).Visit(lambda.Body);

        protected override Expression VisitParameter(ParameterExpression node) => node == parameter ? replacement : node;
    }
}
