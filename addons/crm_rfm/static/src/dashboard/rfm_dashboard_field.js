/** @odoo-module */
// Copyright 2026 CRM Relationship Team
// License LGPL-3.0 or later (https://www.gnu.org/licenses/lgpl).
import {Component, useEffect} from "@odoo/owl";
import {_t} from "@web/core/l10n/translation";
import {formatPercentage} from "@web/views/fields/formatters";
import {registry} from "@web/core/registry";
import {standardFieldProps} from "@web/views/fields/standard_field_props";
import {useService} from "@web/core/utils/hooks";

const PENDING = ["queued", "running"];
const POLL_MS = 2000;

/**
 * Horizontal bars: one row per item ({key, label, value, display, extras}),
 * each clickable when ``onOpen`` is given (it receives the row's key).
 */
export class RfmBars extends Component {
    static template = "crm_rfm.RfmBars";
    static props = {
        rows: Array,
        onOpen: {type: Function, optional: true},
        extraTitles: {type: Array, optional: true},
        valueTitle: {type: String, optional: true},
    };

    get top() {
        return Math.max(1, ...this.props.rows.map((row) => row.value));
    }

    width(row) {
        return `${((100 * row.value) / this.top).toFixed(1)}%`;
    }

    open(row) {
        if (this.props.onOpen && row.value) {
            this.props.onOpen(row.key);
        }
    }
}

/** Opens a method of the record that returns an action (drill-downs). */
function useOpener(component) {
    const action = useService("action");
    return (method, args) =>
        action.doActionButton({
            type: "object",
            resModel: component.props.record.resModel,
            resId: component.props.record.resId,
            name: method,
            args: JSON.stringify(args),
            context: component.props.record.context,
        });
}

/**
 * The Customer Value dashboard of a scoring run, drawn from the figures the
 * server computes (crm.rfm.run.dashboard_data): segments, the recency x
 * frequency grid, churn risk bands and the sales forecast. Every number opens
 * the customers behind it. While the run is queued or running, it shows the
 * progress and reloads the run until it is over.
 */
export class RfmDashboardField extends Component {
    static template = "crm_rfm.RfmDashboardField";
    static components = {RfmBars};
    static props = {...standardFieldProps};

    setup() {
        this.open = useOpener(this);
        useEffect(
            (state) => {
                if (!PENDING.includes(state)) {
                    return;
                }
                const timer = setInterval(() => this.props.record.load(), POLL_MS);
                return () => clearInterval(timer);
            },
            () => [this.data.state]
        );
    }

    get data() {
        return this.props.record.data[this.props.name] || {};
    }

    get pending() {
        return PENDING.includes(this.data.state);
    }

    get progress() {
        return Math.round(this.props.record.data.progress || 0);
    }

    get segmentRows() {
        return this.data.segments.map((segment) => ({
            key: segment.key,
            label: segment.label,
            value: segment.count,
            display: String(segment.count),
            extras: [
                segment.revenue_display,
                formatPercentage(segment.share / 100, {digits: [16, 1], trailingZeros: true}),
            ],
        }));
    }

    get segmentExtraTitles() {
        return [_t("Spend"), _t("Share of spend")];
    }

    get forecastRows() {
        return this.data.segments.map((segment) => ({
            key: segment.key,
            label: segment.label,
            value: segment.expected_revenue,
            display: segment.expected_revenue_display,
            extras: [],
        }));
    }

    get churnRows() {
        return this.data.churn.map((band) => ({
            key: band.band,
            label: band.label,
            value: band.count,
            display: String(band.count),
            extras: [],
        }));
    }

    get gridTop() {
        const counts = this.data.grid.flatMap((row) => row.cells.map((c) => c.count));
        return Math.max(1, ...counts);
    }

    cellStyle(cell) {
        const alpha = cell.count ? 0.08 + (0.6 * cell.count) / this.gridTop : 0;
        return `background-color: rgba(113, 75, 103, ${alpha.toFixed(2)})`;
    }

    openSegment(key) {
        return this.open("action_open_segment", [key]);
    }

    openCell(row, cell) {
        if (cell.count) {
            return this.open("action_open_grid_cell", [row.r_score, cell.f_score]);
        }
    }

    openBand(band) {
        return this.open("action_open_churn_band", [band]);
    }
}

registry.category("fields").add("crm_rfm_dashboard", {
    component: RfmDashboardField,
    supportedTypes: ["json"],
});

/**
 * The segment mix of a distributor's end customers (res.partner
 * channel_segment_mix); a segment opens those end customers.
 */
export class RfmSegmentMixField extends Component {
    static template = "crm_rfm.RfmSegmentMixField";
    static components = {RfmBars};
    static props = {...standardFieldProps};

    setup() {
        this.open = useOpener(this);
    }

    get rows() {
        return (this.props.record.data[this.props.name] || []).map((segment) => ({
            key: segment.key,
            label: segment.label,
            value: segment.count,
            display: String(segment.count),
            extras: [],
        }));
    }

    openSegment(key) {
        return this.open("action_view_end_customers", [key]);
    }
}

registry.category("fields").add("crm_rfm_segment_mix", {
    component: RfmSegmentMixField,
    supportedTypes: ["json"],
});
