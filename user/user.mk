# user/user.mk — user space: the C library (user/lib -> $(BUILD)/user/libc.a) and
# the programs (user/bin -> $(USER_BIN_DIR), which the initramfs packs into /bin).
#
#   user/bin/NAME.c     a program of one file
#   user/bin/NAME/*.c   a program of several files (the shell)
#
# Programs are static i386 ELF binaries linked at 0x08048000 (user/user.ld) for
# the Linux system-call ABI, so they also run on a Linux host: see
# user/tests/host-check.sh.  Included by the top Makefile, which defines BUILD,
# CC, USER_BIN_DIR and USER_PROGS.

USER_OBJ_DIR := $(BUILD)/user/obj
USER_LIBC    := $(BUILD)/user/libc.a
USER_SYM_DIR := $(BUILD)/user/sym

# -nostdinc: only our headers (and the compiler's stddef/stdarg/stdint), never
# the host's /usr/include.
USER_CFLAGS := -std=c11 -ffreestanding -nostdlib -static -fno-pie -no-pie \
	-fno-stack-protector -fno-asynchronous-unwind-tables -O2 -g \
	-Wall -Wextra -Werror -nostdinc -Iuser/include -Iinclude \
	-isystem $(call cc_ask,-print-file-name=include) -MMD -MP
USER_LDFLAGS := -Wl,-T,user/user.ld -Wl,--build-id=none -Wl,-z,noexecstack
USER_LIBGCC  = $(call cc_ask,-print-libgcc-file-name)

USER_LIB_SRCS := $(filter-out user/lib/crt0.S,$(wildcard user/lib/*.c user/lib/*.S))
USER_LIB_OBJS := $(patsubst user/lib/%,$(USER_OBJ_DIR)/lib/%.o,$(USER_LIB_SRCS))
USER_CRT0     := $(USER_OBJ_DIR)/lib/crt0.S.o

USER_ONE_FILE  := $(patsubst user/bin/%.c,%,$(wildcard user/bin/*.c))
USER_MULTI     := $(sort $(patsubst user/bin/%/,%,$(dir $(wildcard user/bin/*/*.c))))
USER_ALIASES   := poweroff  # the same program as halt, under another name: a symbolic link
USER_PROGS     += $(addprefix $(USER_BIN_DIR)/,$(USER_ONE_FILE) $(USER_MULTI) $(USER_ALIASES))

USER_ALL_OBJS := $(USER_LIB_OBJS) $(USER_CRT0) \
	$(patsubst user/bin/%.c,$(USER_OBJ_DIR)/bin/%.c.o,$(wildcard user/bin/*.c user/bin/*/*.c))

.PHONY: user
user: $(USER_PROGS)

$(USER_BIN_DIR)/poweroff: $(USER_BIN_DIR)/halt
	@ln -sf halt $@

$(USER_OBJ_DIR)/%.c.o: user/%.c user/user.mk
	@mkdir -p $(dir $@)
	@echo "  CC      $<"
	@$(CC) $(USER_CFLAGS) -c $< -o $@

$(USER_OBJ_DIR)/%.S.o: user/%.S user/user.mk
	@mkdir -p $(dir $@)
	@echo "  AS      $<"
	@$(CC) $(USER_CFLAGS) -c $< -o $@

$(USER_LIBC): $(USER_LIB_OBJS)
	@echo "  AR      $@"
	@rm -f $@
	@$(CROSS)ar rcs $@ $^

# The program with full debug information and symbols goes to $(USER_SYM_DIR)
# (for gdb's add-symbol-file and scripts/profile.py); /bin gets a stripped copy:
# the initramfs lives in RAM, and GRUB reads every byte of it at boot.
define USER_LINK
	@mkdir -p $(dir $@) $(USER_SYM_DIR)
	@echo "  LD      $@"
	@$(CC) $(USER_CFLAGS) $(USER_LDFLAGS) -o $(USER_SYM_DIR)/$(notdir $@) \
		$(USER_CRT0) $(1) $(USER_LIBC) $(USER_LIBGCC)
	@$(CROSS)objcopy --strip-all $(USER_SYM_DIR)/$(notdir $@) $@
endef

$(addprefix $(USER_BIN_DIR)/,$(USER_ONE_FILE)): $(USER_BIN_DIR)/%: \
		$(USER_OBJ_DIR)/bin/%.c.o $(USER_CRT0) $(USER_LIBC) user/user.ld
	$(call USER_LINK,$<)

# A program of several files depends on every object in its folder.
define USER_MULTI_RULE
$(USER_BIN_DIR)/$(1): $(patsubst user/bin/%.c,$(USER_OBJ_DIR)/bin/%.c.o,$(wildcard user/bin/$(1)/*.c)) \
		$(USER_CRT0) $(USER_LIBC) user/user.ld
	$$(call USER_LINK,$$(filter %.c.o,$$^))
endef
$(foreach prog,$(USER_MULTI),$(eval $(call USER_MULTI_RULE,$(prog))))

-include $(USER_ALL_OBJS:.o=.d)
