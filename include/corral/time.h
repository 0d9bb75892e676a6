/*
 * time.h — the timer tick.
 *
 * The PIT interrupts HZ times a second; each interrupt adds one to `jiffies`.
 */
#ifndef CORRAL_TIME_H
#define CORRAL_TIME_H

#include <corral/types.h>

#define HZ 100

void pit_init(void);
uint64_t jiffies_read(void);
void time_tick(void); /* called by the timer interrupt */

#endif
