package com.questetra.bpms.util;

import java.sql.Date;
import java.util.Calendar;

/**
 * The local host's stand-in for Questetra's {@code com.questetra.bpms.util.AddableDate}: a DATE
 * data item's value, a {@link Date} (midnight of its day) that adds (each call returns a new
 * object). Real Java in the GraalJS tier, like {@link AddableTimestamp}; the Node tier has the
 * same API in JS (src/host/runtime/dates.ts).
 */
public class AddableDate extends Date {
    private static final long serialVersionUID = 1L;

    public AddableDate() {
        this(AddableTimestamp.startOfDay(System.currentTimeMillis()));
    }

    public AddableDate(long epochMillis) {
        super(epochMillis);
    }

    private AddableDate add(int field, int amount) {
        Calendar calendar = Calendar.getInstance();
        calendar.setTimeInMillis(getTime());
        calendar.add(field, amount);
        return new AddableDate(calendar.getTimeInMillis());
    }

    public AddableDate addYears(int years) {
        return add(Calendar.YEAR, years);
    }

    public AddableDate addMonths(int months) {
        return add(Calendar.MONTH, months);
    }

    public AddableDate addDays(int days) {
        return add(Calendar.DATE, days);
    }

    public AddableTimestamp getFirstTimeInDate() {
        return new AddableTimestamp(AddableTimestamp.startOfDay(getTime()));
    }

    public AddableTimestamp getLastTimeInDate() {
        return new AddableTimestamp(getFirstTimeInDate().addDays(1).getTime() - 1);
    }

    public AddableDate getFirstDateInMonth() {
        Calendar calendar = Calendar.getInstance();
        calendar.setTimeInMillis(AddableTimestamp.startOfDay(getTime()));
        calendar.set(Calendar.DATE, 1);
        return new AddableDate(calendar.getTimeInMillis());
    }

    public AddableDate getLastDateInMonth() {
        return getFirstDateInMonth().addMonths(1).addDays(-1);
    }
}
